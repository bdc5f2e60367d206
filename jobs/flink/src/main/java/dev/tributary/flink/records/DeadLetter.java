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

  /**
   * The dead letter of a scoring request that got no prediction, as the score job and {@code
   * tributary serve} both write it: source {@code scoring:NAME}, the request record as payload, the
   * request time as event time, the Triton model and (once routed) the version, and a reason that
   * names them: {@code request ID: model M version V (split S): why} (the request part only when
   * the id is known, the model part only once routed).
   *
   * @param routedOrNull the version and split the request was routed to; null when it failed before
   *     routing (the monitor then counts it against no version)
   */
  public static DeadLetter ofScoringRequest(
      String scoring,
      String model,
      String requestIdOrNull,
      String payload,
      long requestTime,
      Routing routedOrNull,
      String why,
      long recordedAt) {
    StringBuilder reason = new StringBuilder();
    if (requestIdOrNull != null) {
      reason.append("request ").append(requestIdOrNull).append(": ");
    }
    if (routedOrNull != null) {
      reason
          .append("model ")
          .append(model)
          .append(" version ")
          .append(routedOrNull.version())
          .append(" (split ")
          .append(routedOrNull.splitId())
          .append("): ");
    }
    reason.append(why);
    return new DeadLetter("scoring:" + scoring, payload, reason.toString(), requestTime, recordedAt)
        .forModel(model, routedOrNull == null ? null : Long.toString(routedOrNull.version()));
  }

  /** Where a traffic split sent a scoring request: the version and the split's id. */
  public record Routing(long version, String splitId) {}

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
