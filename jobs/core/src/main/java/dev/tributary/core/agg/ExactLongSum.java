package dev.tributary.core.agg;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * An exact integer sum: a long while it fits, spilling into a BigInteger on overflow. Because the
 * total is exact, intermediate overflow in one tile never changes the final answer (MAX + MAX - MAX
 * is MAX in any order).
 */
final class ExactLongSum implements ExactSum {

  /** Largest magnitude whose square still fits in a long. */
  private static final long SQUARE_FITS = 3_037_000_499L;

  private long low;

  /** What overflowed out of {@link #low}; the total is low + carried. Null while nothing did. */
  private BigInteger carried;

  @Override
  public void add(Object value) {
    addLong(asLong(value));
  }

  @Override
  public void addSquare(Object value) {
    long v = asLong(value);
    // Not Math.abs: it is negative for Long.MIN_VALUE.
    if (v >= -SQUARE_FITS && v <= SQUARE_FITS) {
      addLong(v * v);
    } else {
      BigInteger big = BigInteger.valueOf(v);
      addBig(big.multiply(big));
    }
  }

  private static long asLong(Object value) {
    if (value instanceof Boolean b) {
      return b ? 1L : 0L;
    }
    return (Long) value;
  }

  private void addLong(long v) {
    long sum = low + v;
    if (((low ^ sum) & (v ^ sum)) < 0) {
      addBig(BigInteger.valueOf(low));
      low = v;
    } else {
      low = sum;
    }
  }

  private void addBig(BigInteger v) {
    carried = carried == null ? v : carried.add(v);
  }

  @Override
  public void merge(ExactSum other) {
    ExactLongSum o = (ExactLongSum) other;
    addLong(o.low);
    if (o.carried != null) {
      addBig(o.carried);
    }
  }

  @Override
  public ExactSum copy() {
    ExactLongSum copy = new ExactLongSum();
    copy.low = low;
    copy.carried = carried;
    return copy;
  }

  @Override
  public boolean isFinite() {
    return true;
  }

  private BigInteger total() {
    BigInteger lowBig = BigInteger.valueOf(low);
    return carried == null ? lowBig : carried.add(lowBig);
  }

  @Override
  public BigDecimal toBigDecimal() {
    return new BigDecimal(total());
  }

  @Override
  public double roundedDouble() {
    // Long-to-double conversion rounds to nearest, as does BigDecimal.doubleValue.
    return carried == null ? (double) low : toBigDecimal().doubleValue();
  }

  @Override
  public Object sumResult() {
    if (carried == null) {
      return low;
    }
    BigInteger total = total();
    return total.bitLength() < Long.SIZE ? total.longValue() : null;
  }

  @Override
  public void writeTo(DataOutput out) throws IOException {
    out.writeLong(low);
    if (carried == null) {
      out.writeInt(0);
    } else {
      byte[] bytes = carried.toByteArray();
      out.writeInt(bytes.length);
      out.write(bytes);
    }
  }

  @Override
  public void readFrom(DataInput in) throws IOException {
    low = in.readLong();
    int length = in.readInt();
    if (length > 0) {
      byte[] bytes = new byte[length];
      in.readFully(bytes);
      carried = new BigInteger(bytes);
    } else {
      carried = null;
    }
  }
}
