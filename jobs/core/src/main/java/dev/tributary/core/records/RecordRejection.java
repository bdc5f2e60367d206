package dev.tributary.core.records;

import java.io.Serializable;
import java.util.Objects;

/**
 * A record that cannot be used, and why. The reason names the field and what was wrong with it, for
 * example {@code field 'delay': expected long, got "abc"}; readers put where the record was found
 * in front of it ({@link #at}), so the full reason reads {@code flights.csv line 7: field 'delay':
 * expected long, got "abc"}. The streaming job's dead letters and the batch jobs' carry exactly
 * this text.
 *
 * <p>Besides the reason a rejection keeps its parts apart, for the batch jobs' accounting: its
 * {@linkplain #kind() kind}, the problem without the record's values ({@code field 'delay':
 * expected long}), which summaries count rejections by; and the record's {@linkplain #payload()
 * payload} as read, when the reader has it as text, for the dead-letter table.
 *
 * <p>Two rejections are equal when their reasons read the same: kind and payload are derived from
 * the same record.
 *
 * @param problem what is wrong with the record, without where it was found
 * @param kind the problem without the record's values: rejections of one kind differ only in values
 * @param where where the record was found ({@link Provenance}), or null when not told
 * @param payload the record as read (a CSV or JSON line), or null when the reader has no text of it
 */
public record RecordRejection(String problem, String kind, String where, String payload)
    implements ParseOutcome, Serializable {

  public RecordRejection {
    Objects.requireNonNull(problem, "problem");
    Objects.requireNonNull(kind, "kind");
  }

  /** A rejection whose problem holds no value of the record, so it is its own kind. */
  public RecordRejection(String problem) {
    this(problem, problem, null, null);
  }

  /** A rejection whose problem quotes values of the record; {@code kind} leaves them out. */
  public RecordRejection(String problem, String kind) {
    this(problem, kind, null, null);
  }

  /**
   * The full reason: where the record was found, then the problem: {@code flights.csv line 7: field
   * 'delay': expected long, got "abc"}.
   */
  public String reason() {
    return where == null ? problem : where + ": " + problem;
  }

  /**
   * The same rejection found at {@code where} ({@link Provenance}); when it already says where, the
   * new place goes in front.
   */
  public RecordRejection at(String where) {
    return new RecordRejection(
        problem, kind, this.where == null ? where : where + ": " + this.where, payload);
  }

  /** The same rejection found at {@code where}, with the record's text as it was read. */
  public RecordRejection at(String where, String payload) {
    return at(where).withPayload(payload);
  }

  /** The same rejection with the record's text as it was read. */
  public RecordRejection withPayload(String payload) {
    return new RecordRejection(problem, kind, where, payload);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RecordRejection other && other.reason().equals(reason());
  }

  @Override
  public int hashCode() {
    return reason().hashCode();
  }

  @Override
  public String toString() {
    return "RecordRejection[" + reason() + "]";
  }

  static RecordRejection field(String name, String problem) {
    return field(name, problem, problem);
  }

  static RecordRejection field(String name, ValueProblem problem) {
    return field(name, problem.getMessage(), problem.kind());
  }

  private static RecordRejection field(String name, String problem, String kind) {
    String field = "field '" + name + "': ";
    return new RecordRejection(field + problem, field + kind);
  }
}
