package dev.tributary.core.defs;

import dev.tributary.core.expr.Expression;
import java.io.Serializable;
import java.util.Map;

/**
 * A scoring deployment: which requests, which model, how traffic is split between its versions.
 *
 * @param routingKey requests with equal routing keys always go to the same version (sticky)
 * @param trafficSplit weight per model version; routing is proportional to the weights
 */
public record Scoring(
    String name,
    String description,
    Model model,
    Source requests,
    Expression routingKey,
    Map<Long, Integer> trafficSplit,
    SourceLocation at)
    implements Serializable {

  /**
   * The column every scoring's requests must have: it names the request in the prediction log and
   * in the dead letters, and it is how exactly-once is checked end to end.
   */
  public static final String REQUEST_ID = "request_id";

  public Scoring {
    trafficSplit = Map.copyOf(trafficSplit);
  }

  /**
   * This scoring with another model (the same model served elsewhere, or bound to view versions).
   */
  public Scoring withModel(Model other) {
    return new Scoring(name, description, other, requests, routingKey, trafficSplit, at);
  }
}
