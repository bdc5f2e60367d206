package dev.tributary.flink.score;

/** Requests for one model version that go to Triton in one {@code ModelInfer} call. */
public class RequestBatch {
  public long version;
  public ScoreRequest[] requests;

  /** Epoch µs when the batcher let it go. */
  public long releasedAtMicros;

  public RequestBatch() {}

  public RequestBatch(long version, ScoreRequest[] requests, long releasedAtMicros) {
    this.version = version;
    this.requests = requests;
    this.releasedAtMicros = releasedAtMicros;
  }
}
