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
 * merges) the state keeps the count and the exact sums of x and x^2, and computes
 * {@code sqrt(n * S2 - S1^2) / n} in BigDecimal with 34 significant digits before rounding to a
 * double. {@code n * S2 - S1^2} is exact, so there is no cancellation, and the result is the same
 * for any order of events and tiles.
 */
final class StddevState implements AggregateState {

  private static final MathContext PRECISION = MathContext.DECIMAL128;

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
    return spread.sqrt(PRECISION).divide(n, PRECISION).doubleValue();
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
