package dev.tributary.flink.records;

/**
 * A record a job could not use, kept with the reason so that nothing is lost silently: it goes to
 * the dead-letter topic and the {@code ops.dead_letters} table.
 */
public class DeadLetter {
  /** Sentinel for {@link #eventTime} when the record had no usable event time. */
  public static final long NO_EVENT_TIME = Long.MIN_VALUE;

  public String source;
  public String payload;
  public String reason;
  public long eventTime = NO_EVENT_TIME;
  public long recordedAt;

  /**
   * A scoring request's: the Triton model it was for, and the version the split routed it to; null
   * where not known (a record of another job, a request rejected before routing has no version).
   * The monitor job counts a model version's dead letters by them (its error rate).
   */
  public String model;

  public String version;

  public DeadLetter() {}

  public DeadLetter(String source, String payload, String reason, long eventTime, long recordedAt) {
    this.source = source;
    this.payload = payload;
    this.reason = reason;
    this.eventTime = eventTime;
    this.recordedAt = recordedAt;
  }

  /** This letter with the model and version of the scoring request it stands for. */
  public DeadLetter forModel(String model, String version) {
    this.model = model;
    this.version = version;
    return this;
  }

  @Override
  public String toString() {
    return source + ": " + reason + ": " + payload;
  }
}
