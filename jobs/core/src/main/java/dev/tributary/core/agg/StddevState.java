package dev.tributary.core.agg;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * stddev: the population standard deviation, null over no events, NaN if an input is NaN or
 * infinite.
 *
 * <p>Instead of Welford's running mean (stable, but its bits depend on the order of updates and
 * merges) the state keeps the count and the exact sums of x and x^2, and computes {@code sqrt(n *
 * S2 - S1^2) / n} rounded once to the nearest double (ties to even). {@code n * S2 - S1^2} is
 * exact, so there is no cancellation, and the result is the same for any order of events and tiles.
 * Correct rounding matters: the stddev of two doubles is often exactly halfway between two doubles,
 * where a 34-digit intermediate would round the wrong way.
 */
final class StddevState implements AggregateState {

  /** Precision of the first guess outside double range, then corrected to the nearest double. */
  private static final MathContext PRECISION = MathContext.DECIMAL128;

  private static final BigDecimal HALF = new BigDecimal("0.5");

  private final ExactSum sum;
  private final ExactSum sumOfSquares;
  private long count;

  StddevState(ExactSum sum, ExactSum sumOfSquares) {
    this.sum = sum;
    this.sumOfSquares = sumOfSquares;
  }

  @Override
  public void add(long eventTimeMillis, Object value) {
    sum.add(value);
    sumOfSquares.addSquare(value);
    count++;
  }

  @Override
  public void merge(AggregateState other) {
    StddevState o = (StddevState) other;
    sum.merge(o.sum);
    sumOfSquares.merge(o.sumOfSquares);
    count += o.count;
  }

  @Override
  public Object result() {
    if (count == 0) {
      return null;
    }
    if (!sum.isFinite() || !sumOfSquares.isFinite()) {
      return Double.NaN;
    }
    BigDecimal s1 = sum.toBigDecimal();
    BigDecimal n = BigDecimal.valueOf(count);
    BigDecimal spread = n.multiply(sumOfSquares.toBigDecimal()).subtract(s1.multiply(s1));
    if (spread.signum() == 0) {
      return 0.0;
    }
    return nearestSqrtOver(spread, n);
  }

  /** The double nearest to sqrt(x) / n, ties to even, for positive x and n. */
  private static double nearestSqrtOver(BigDecimal x, BigDecimal n) {
    // A first guess within a few ulps, then exact comparisons decide, one ulp at a time. The guess
    // is made in doubles only when x is a normal double: a subnormal x keeps few significant bits,
    // and its square root would start billions of ulps away (the walk would never end).
    double approx = x.doubleValue();
    double candidate =
        approx >= Double.MIN_NORMAL && approx <= Double.MAX_VALUE
            ? Math.sqrt(approx) / n.doubleValue()
            : 0.0;
    if (!Double.isFinite(candidate) || candidate == 0.0) {
      candidate = x.sqrt(PRECISION).divide(n, PRECISION).doubleValue();
    }
    while (true) {
      double up = Math.nextUp(candidate);
      int aboveUpperHalf = x.compareTo(squaredTimes(midpoint(candidate, up), n));
      if (aboveUpperHalf > 0 || (aboveUpperHalf == 0 && isEven(up))) {
        candidate = up;
        continue;
      }
      double down = Math.nextDown(candidate);
      int belowLowerHalf = x.compareTo(squaredTimes(midpoint(down, candidate), n));
      if (belowLowerHalf < 0 || (belowLowerHalf == 0 && isEven(down))) {
        candidate = down;
        continue;
      }
      return candidate;
    }
  }

  private static BigDecimal midpoint(double a, double b) {
    return new BigDecimal(a).add(new BigDecimal(b)).multiply(HALF);
  }

  /** (m * n)^2: sqrt(x) / n exceeds m exactly when x exceeds this. */
  private static BigDecimal squaredTimes(BigDecimal m, BigDecimal n) {
    BigDecimal scaled = m.multiply(n);
    return scaled.multiply(scaled);
  }

  private static boolean isEven(double d) {
    return (Double.doubleToRawLongBits(d) & 1L) == 0;
  }

  @Override
  public AggregateState copy() {
    StddevState copy = new StddevState(sum.copy(), sumOfSquares.copy());
    copy.count = count;
    return copy;
  }

  @Override
  public void writeTo(DataOutput out) throws IOException {
    out.writeLong(count);
    sum.writeTo(out);
    sumOfSquares.writeTo(out);
  }

  @Override
  public void readFrom(DataInput in) throws IOException {
    count = in.readLong();
    sum.readFrom(in);
    sumOfSquares.readFrom(in);
  }
}
