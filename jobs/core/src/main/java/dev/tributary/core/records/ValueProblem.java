package dev.tributary.core.records;

/**
 * Why one raw value cannot become its column's type, without the field name (the caller knows it).
 * It carries no stack trace: it marks a bad record, which is data, not a bug, and a stream with
 * many bad records must not pay for stack walks.
 *
 * <p>Besides the message, which quotes the value, it has a kind without the value ({@code expected
 * long}), by which a batch job's summary counts rejections: see {@link RecordRejection#kind()}.
 */
final class ValueProblem extends Exception {
  private static final long serialVersionUID = 1L;

  private final String kind;

  /** A problem whose message holds no value of the record, so it is its own kind. */
  ValueProblem(String problem) {
    this(problem, problem);
  }

  ValueProblem(String problem, String kind) {
    super(problem, null, false, false);
    this.kind = kind;
  }

  String kind() {
    return kind;
  }
}
