package dev.tributary.core.agg;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * An exact running sum (of values, or of their squares) whose result does not depend on the order
 * of additions or merges. Sum, avg and stddev keep one or two of these so that a feature computed
 * from tiles in a stream equals, bit for bit, the same feature computed by scanning events in a
 * batch.
 */
interface ExactSum {

  /** Adds a value: a Boolean (as 0 or 1) or Long for integer sums, a Double for double sums. */
  void add(Object value);

  /** Adds the exact square of a value. */
  void addSquare(Object value);

  /** Adds everything {@code other} (of the same kind) holds. */
  void merge(ExactSum other);

  ExactSum copy();

  /** False when a NaN or infinite double was added; then {@link #toBigDecimal()} is undefined. */
  boolean isFinite();

  /** The exact total. */
  BigDecimal toBigDecimal();

  /** The exact total rounded once to the nearest double. */
  double roundedDouble();

  /**
   * The total as the sum feature returns it: a Long for integer sums (null when the exact total is
   * outside the long range), a Double for double sums.
   */
  Object sumResult();

  void writeTo(DataOutput out) throws IOException;

  void readFrom(DataInput in) throws IOException;
}
