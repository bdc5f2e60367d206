package dev.tributary.flink.records;

/**
 * One record of a source as read from Kafka: the parsed row and its event time, or the reason it
 * could not be parsed. The raw payload travels along until the lateness check, so a record set
 * aside is kept exactly as it was received.
 */
public class SourceRecord {
  public String payload;

  /** The row ({@link dev.tributary.core.view.ViewValuesCodec#encodeRow}); null when rejected. */
  public byte[] row;

  public long eventTime = DeadLetter.NO_EVENT_TIME;

  /** Why the record cannot be used; null for a good record. */
  public String rejection;

  public SourceRecord() {}

  public static SourceRecord accepted(String payload, byte[] row, long eventTime) {
    SourceRecord record = new SourceRecord();
    record.payload = payload;
    record.row = row;
    record.eventTime = eventTime;
    return record;
  }

  public static SourceRecord rejected(String payload, String reason) {
    SourceRecord record = new SourceRecord();
    record.payload = payload;
    record.rejection = reason;
    return record;
  }

  public boolean isRejected() {
    return rejection != null;
  }
}
