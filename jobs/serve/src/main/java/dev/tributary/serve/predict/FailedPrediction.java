package dev.tributary.serve.predict;

/**
 * A request row that got no prediction: what the score job's dead letter of an unscorable request
 * holds, so the monitor job counts served failures into the same error rate.
 *
 * @param scoring the scoring the request named
 * @param model the scoring's Triton model
 * @param request the row as a record of the scoring's request source (JSON) when it could be read
 *     as one, else the columns the caller gave for the row
 * @param requestId null when the row failed before its id was read
 * @param requestTime the row's request time (its event time), the server's clock when the row gave
 *     none or failed before it was read
 * @param version the version the split routed the row to; null when it failed before routing (the
 *     monitor then counts it against no version)
 * @param splitId the split that routed it; null with {@code version}
 * @param reason why: the error the caller got, or the missing-value policy's rejection
 */
public record FailedPrediction(
    String scoring,
    String model,
    String request,
    String requestId,
    long requestTime,
    Long version,
    String splitId,
    String reason) {}
