package dev.tributary.flink.score;

/**
 * One scoring request on its way through the job: parsed (or rejected) in the source reader, then
 * routed to a model version by the split in force at its request time.
 */
public class ScoreRequest {
  /** The record exactly as received, for dead letters. */
  public String payload;

  /** The row over the requests' schema ({@code ViewValuesCodec.encodeRow}); null when rejected. */
  public byte[] row;

  public String requestId;

  /** UTC ms; {@code DeadLetter.NO_EVENT_TIME} until parsed. */
  public long requestTime = Long.MIN_VALUE;

  /** Why the request cannot be scored; null for a good one. */
  public String rejection;

  // Set by the router.
  public String routingKey;
  public long version;
  public String splitId;

  /** Epoch µs when it entered the micro-batcher. */
  public long enqueuedAtMicros;

  public ScoreRequest() {}

  public boolean isRejected() {
    return rejection != null;
  }
}
