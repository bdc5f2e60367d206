package dev.tributary.core.monitor.labels;

/**
 * What became of a prediction in the label join: exactly one outcome per prediction.
 *
 * @param label the joined label, null unless {@code LABELLED}
 */
public record JoinOutcome(Prediction prediction, Status status, LabelEvent label) {

  public enum Status {
    /** A label arrived within the wait: the row goes to {@code monitoring.labeled_predictions}. */
    LABELLED,
    /** The wait ended without a label: counted against label coverage. */
    UNLABELLED,
    /** The prediction arrived behind the watermark: not joined, counted. */
    LATE
  }
}
