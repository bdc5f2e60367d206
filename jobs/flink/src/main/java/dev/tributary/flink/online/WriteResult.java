package dev.tributary.flink.online;

import java.util.BitSet;

/**
 * What one batch did: which updates were written, how many were skipped as older, how many retries.
 */
public final class WriteResult {
  private final int size;
  private final BitSet written;
  private final long retries;

  WriteResult(int size, BitSet written, long retries) {
    this.size = size;
    this.written = (BitSet) written.clone();
    this.retries = retries;
  }

  /** Updates that replaced the stored values. */
  public int written() {
    return written.cardinality();
  }

  /**
   * Updates that were ignored because the store already held values as of the same or a later time.
   * An update that reached Redis just before a connection broke is sent again and then counts here.
   */
  public int skippedAsOlder() {
    return size - written.cardinality();
  }

  /** Attempts that failed transiently and were retried. */
  public long retries() {
    return retries;
  }

  /** Whether the update at {@code index} of the batch replaced the stored values. */
  public boolean wasWritten(int index) {
    return written.get(index);
  }

  @Override
  public String toString() {
    return "WriteResult[written "
        + written()
        + ", skipped as older "
        + skippedAsOlder()
        + ", retries "
        + retries
        + "]";
  }
}
