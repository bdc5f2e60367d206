package dev.tributary.core.records;

/**
 * Why one raw value cannot become its column's type, without the field name (the caller knows it).
 * It carries no stack trace: it marks a bad record, which is data, not a bug, and a stream with
 * many bad records must not pay for stack walks.
 */
final class ValueProblem extends Exception {
  private static final long serialVersionUID = 1L;

  ValueProblem(String problem) {
    super(problem, null, false, false);
  }
}
