package dev.tributary.core.agg;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Arrays;

/**
 * An exact sum of doubles, rounded once at the end, so the result is the same whatever the order of
 * additions and merges (floating-point addition is not associative; this sum is).
 *
 * <p>Finite values are kept as Shewchuk's non-overlapping expansion ("partials", as in Python's
 * {@code math.fsum}), whose exact total is rounded half-even to a double by {@link
 * #roundedDouble()}. Values too large (or squares too large or too small) for the expansion to stay
 * exact are added to a BigDecimal instead; NaN and infinities are counted and decide the result the
 * IEEE way (any NaN, or both infinities, gives NaN).
 */
final class ExactDoubleSum implements ExactSum {

  /** Below this magnitude, the sum of up to 2^63 values cannot overflow a double. */
  private static final double EXPANSION_LIMIT = 0x1p960;

  /** Squares of magnitudes in [SQUARE_LOW, SQUARE_HIGH) split exactly into two doubles. */
  private static final double SQUARE_HIGH = 0x1p480;

  private static final double SQUARE_LOW = 0x1p-480;

  private double[] partials = new double[4];
  private int size;
  private BigDecimal outsideExpansion;
  private long nans;
  private long positiveInfinities;
  private long negativeInfinities;

  @Override
  public void add(Object value) {
    double x = (Double) value;
    if (!countSpecial(x)) {
      if (Math.abs(x) < EXPANSION_LIMIT) {
        grow(x);
      } else {
        addOutside(new BigDecimal(x));
      }
    }
  }

  @Override
  public void addSquare(Object value) {
    double x = (Double) value;
    if (Double.isNaN(x)) {
      nans++;
    } else if (Double.isInfinite(x)) {
      positiveInfinities++;
    } else {
      double magnitude = Math.abs(x);
      if (magnitude == 0.0) {
        return;
      }
      if (magnitude < SQUARE_HIGH && magnitude >= SQUARE_LOW) {
        double product = x * x;
        grow(product);
        grow(Math.fma(x, x, -product));
      } else {
        BigDecimal big = new BigDecimal(x);
        addOutside(big.multiply(big));
      }
    }
  }

  private boolean countSpecial(double x) {
    if (Double.isNaN(x)) {
      nans++;
    } else if (x == Double.POSITIVE_INFINITY) {
      positiveInfinities++;
    } else if (x == Double.NEGATIVE_INFINITY) {
      negativeInfinities++;
    } else {
      return false;
    }
    return true;
  }

  private void addOutside(BigDecimal value) {
    outsideExpansion = outsideExpansion == null ? value : outsideExpansion.add(value);
  }

  /** Adds x to the expansion, keeping partials non-overlapping and increasing in magnitude. */
  private void grow(double x) {
    int kept = 0;
    for (int j = 0; j < size; j++) {
      double y = partials[j];
      if (Math.abs(x) < Math.abs(y)) {
        double t = x;
        x = y;
        y = t;
      }
      double hi = x + y;
      double lo = y - (hi - x);
      if (lo != 0.0) {
        partials[kept++] = lo;
      }
      x = hi;
    }
    size = kept;
    if (x != 0.0) {
      if (size == partials.length) {
        partials = Arrays.copyOf(partials, size * 2);
      }
      partials[size++] = x;
    }
  }

  @Override
  public void merge(ExactSum other) {
    ExactDoubleSum o = (ExactDoubleSum) other;
    for (int i = 0; i < o.size; i++) {
      grow(o.partials[i]);
    }
    if (o.outsideExpansion != null) {
      addOutside(o.outsideExpansion);
    }
    nans += o.nans;
    positiveInfinities += o.positiveInfinities;
    negativeInfinities += o.negativeInfinities;
  }

  @Override
  public ExactSum copy() {
    ExactDoubleSum copy = new ExactDoubleSum();
    copy.partials = Arrays.copyOf(partials, Math.max(4, size));
    copy.size = size;
    copy.outsideExpansion = outsideExpansion;
    copy.nans = nans;
    copy.positiveInfinities = positiveInfinities;
    copy.negativeInfinities = negativeInfinities;
    return copy;
  }

  @Override
  public boolean isFinite() {
    return nans == 0 && positiveInfinities == 0 && negativeInfinities == 0;
  }

  @Override
  public BigDecimal toBigDecimal() {
    BigDecimal total = outsideExpansion == null ? BigDecimal.ZERO : outsideExpansion;
    for (int i = 0; i < size; i++) {
      total = total.add(new BigDecimal(partials[i]));
    }
    return total;
  }

  @Override
  public double roundedDouble() {
    if (nans > 0 || (positiveInfinities > 0 && negativeInfinities > 0)) {
      return Double.NaN;
    }
    if (positiveInfinities > 0) {
      return Double.POSITIVE_INFINITY;
    }
    if (negativeInfinities > 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (outsideExpansion != null) {
      return toBigDecimal().doubleValue();
    }
    return roundPartials();
  }

  /** The expansion's exact total rounded half-even (the final step of fsum). */
  private double roundPartials() {
    int n = size;
    if (n == 0) {
      return 0.0;
    }
    double hi = partials[--n];
    double lo = 0.0;
    while (n > 0) {
      double x = hi;
      double y = partials[--n];
      hi = x + y;
      lo = y - (hi - x);
      if (lo != 0.0) {
        break;
      }
    }
    // If the rest of the expansion pushes the same way as lo, a tie in hi + lo is not a tie.
    if (n > 0 && ((lo < 0.0 && partials[n - 1] < 0.0) || (lo > 0.0 && partials[n - 1] > 0.0))) {
      double y = lo * 2.0;
      double x = hi + y;
      if (y == x - hi) {
        hi = x;
      }
    }
    return hi;
  }

  @Override
  public Object sumResult() {
    return roundedDouble();
  }

  @Override
  public void writeTo(DataOutput out) throws IOException {
    out.writeInt(size);
    for (int i = 0; i < size; i++) {
      out.writeDouble(partials[i]);
    }
    ValueCodec.writeBigDecimal(out, outsideExpansion);
    out.writeLong(nans);
    out.writeLong(positiveInfinities);
    out.writeLong(negativeInfinities);
  }

  @Override
  public void readFrom(DataInput in) throws IOException {
    size = in.readInt();
    partials = new double[Math.max(4, size)];
    for (int i = 0; i < size; i++) {
      partials[i] = in.readDouble();
    }
    outsideExpansion = ValueCodec.readBigDecimal(in);
    nans = in.readLong();
    positiveInfinities = in.readLong();
    negativeInfinities = in.readLong();
  }
}
