package dev.tributary.core.defs;

import dev.tributary.core.expr.Expression;
import java.io.Serializable;
import java.util.List;

/**
 * What a model predicts and where the truth comes from.
 *
 * @param source the events that carry the outcome; the label is known at their event time
 * @param value the label per event (for flights: {@code delay > 15})
 * @param joinOn source columns that identify the predicted event; scoring requests carry the same
 *     columns, and a prediction joins its label on equality of all of them
 * @param predictionTime when a prediction for this event is made (for flights: some hours before
 *     the scheduled departure); training spines take their as-of times from it
 */
public record Label(Source source, Expression value, List<String> joinOn, Expression predictionTime)
    implements Serializable {

  public Label {
    joinOn = List.copyOf(joinOn);
  }
}
