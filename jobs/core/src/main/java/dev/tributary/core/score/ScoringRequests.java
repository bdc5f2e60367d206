package dev.tributary.core.score;

import dev.tributary.core.defs.Scoring;
import dev.tributary.core.expr.EvaluationException;
import java.io.Serializable;
import java.util.List;
import java.util.OptionalInt;

/**
 * What the score job needs of a parsed request row: its id, its routing key, its entity keys, and
 * whether it has them all.
 *
 * <p>A request must carry a {@code request_id} (string) column: it names the request in the
 * prediction log and in the dead letters, and it is how exactly-once is checked end to end.
 */
public final class ScoringRequests implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The column every scoring's requests must have. */
  public static final String REQUEST_ID = "request_id";

  private final Scoring scoring;
  private final ModelInputs inputs;
  private final int requestIdColumn;

  public ScoringRequests(Scoring scoring) {
    this.scoring = scoring;
    this.inputs = new ModelInputs(scoring.model(), scoring.requests().schema());
    OptionalInt column = scoring.requests().schema().indexOf(REQUEST_ID);
    if (column.isEmpty()) {
      throw new IllegalArgumentException(
          "requests of scoring '"
              + scoring.name()
              + "' (source '"
              + scoring.requests().name()
              + "') have no '"
              + REQUEST_ID
              + "' column: add 'request_id: string' to the source's schema");
    }
    this.requestIdColumn = column.getAsInt();
  }

  public Scoring scoring() {
    return scoring;
  }

  public ModelInputs inputs() {
    return inputs;
  }

  public String requestId(Object[] row) {
    Object id = row[requestIdColumn];
    return id == null ? null : id.toString();
  }

  /** The routing key's text; null when it evaluates to null. */
  public String routingKey(Object[] row) {
    Object key = scoring.routingKey().evaluate(row);
    return key == null ? null : key.toString();
  }

  /** Why a parsed request cannot be scored (no id, no routing key, an entity key null); or null. */
  public String problem(Object[] row) {
    if (requestId(row) == null) {
      return "missing " + REQUEST_ID;
    }
    try {
      if (routingKey(row) == null) {
        return "routing key " + scoring.routingKey().canonical() + " is null";
      }
      for (int view = 0; view < inputs.views().size(); view++) {
        List<Object> keys = inputs.keyValues(view, row);
        if (keys.contains(null)) {
          return "key of view '"
              + inputs.views().get(view).name()
              + "' is null: "
              + inputs.views().get(view).keys().get(keys.indexOf(null)).value().canonical();
        }
      }
    } catch (EvaluationException unusable) {
      return unusable.getMessage();
    }
    return null;
  }
}
