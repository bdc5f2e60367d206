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

  public DeadLetter() {}

  public DeadLetter(String source, String payload, String reason, long eventTime, long recordedAt) {
    this.source = source;
    this.payload = payload;
    this.reason = reason;
    this.eventTime = eventTime;
    this.recordedAt = recordedAt;
  }

  @Override
  public String toString() {
    return source + ": " + reason + ": " + payload;
  }
}
