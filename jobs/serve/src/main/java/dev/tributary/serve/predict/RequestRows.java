package dev.tributary.serve.predict;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.defs.Scoring;
import dev.tributary.core.defs.Source;
import dev.tributary.core.expr.EvaluationException;
import dev.tributary.core.score.ModelInputs;
import dev.tributary.core.types.Column;
import dev.tributary.core.types.RowSchema;
import dev.tributary.serve.BadRequestException;
import dev.tributary.serve.features.ColumnValue;
import dev.tributary.serve.features.EntityColumns;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The rows of one predict request as the score job would see them, filled in as the request moves
 * on: each row as a record of the scoring's request source, its request time, id and routing key,
 * then the version and split that route it, then whether it was answered or rejected. Whatever
 * fails on the way, {@link #failures} gives each row that got no prediction with what is known of
 * it by then, for the dead-letter topic.
 */
final class RequestRows {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ScoringPlan plan;
  private final EntityColumns entities;
  private final long now;
  private final int size;
  private Object[][] requests;
  private final long[] requestTimes;
  private final String[] requestIds;
  private final String[] routingKeys;
  private final Long[] versions;
  private final String[] splitIds;
  private final String[] rejections;
  private boolean answered;

  /**
   * @param now the server's clock at arrival: the request time of rows that give none
   */
  RequestRows(ScoringPlan plan, EntityColumns entities, long now) {
    this.plan = plan;
    this.entities = entities;
    this.now = now;
    this.size = entities.rows();
    this.requestTimes = new long[size];
    Arrays.fill(requestTimes, now);
    this.requestIds = new String[size];
    this.routingKeys = new String[size];
    this.versions = new Long[size];
    this.splitIds = new String[size];
    this.rejections = new String[size];
  }

  int size() {
    return size;
  }

  /**
   * Reads every row into the request source's schema and evaluates its request time (the source's
   * event-time expression, else the server's clock), id (a random UUID written into the row when
   * the caller gave none) and routing key; a column the source lacks or a row without a routing key
   * is a bad request.
   */
  void read() {
    Scoring scoring = plan.scoring;
    Source source = scoring.requests();
    requests = requestRows(source, entities);
    for (int row = 0; row < size; row++) {
      requestTimes[row] = requestTime(source, requests[row], now);
      requestIds[row] = requestId(source.schema(), requests[row]);
      routingKeys[row] = routingKey(scoring, requests[row], row);
    }
  }

  Object[] request(int row) {
    return requests[row];
  }

  long requestTime(int row) {
    return requestTimes[row];
  }

  String requestId(int row) {
    return requestIds[row];
  }

  String routingKey(int row) {
    return routingKeys[row];
  }

  long version(int row) {
    return versions[row];
  }

  String splitId(int row) {
    return splitIds[row];
  }

  void route(int row, long version, String splitId) {
    versions[row] = version;
    splitIds[row] = splitId;
  }

  /** The row gets no prediction, for this reason, while the request goes on. */
  void reject(int row, String reason) {
    rejections[row] = reason;
  }

  /** Why the row was rejected; null when it was not. */
  String rejection(int row) {
    return rejections[row];
  }

  /** Every row not rejected has its prediction in the log and in the answer. */
  void answered() {
    answered = true;
  }

  /**
   * The rows that got no prediction: the rejected ones with their own reason and, when {@code
   * failure} is not null (the request failed), every other row not yet answered with it.
   */
  List<FailedPrediction> failures(String failure) {
    List<FailedPrediction> failed = new ArrayList<>();
    for (int row = 0; row < size; row++) {
      String reason = rejections[row] != null ? rejections[row] : answered ? null : failure;
      if (reason != null) {
        failed.add(
            new FailedPrediction(
                plan.scoring.name(),
                plan.scoring.model().tritonModel(),
                payload(row),
                requestIds[row],
                requestTimes[row],
                versions[row],
                splitIds[row],
                reason));
      }
    }
    return failed;
  }

  /** The row as a request record once read, else the columns as given. */
  private String payload(int row) {
    if (requests != null) {
      return plan.encoder.encode(requests[row]);
    }
    Map<String, Object> given = new LinkedHashMap<>();
    entities.columns().forEach((column, values) -> given.put(column, values.get(row)));
    try {
      return JSON.writeValueAsString(given);
    } catch (JsonProcessingException cannot) {
      return given.toString();
    }
  }

  /** Each row's key values for view {@code view} of the inputs; a missing one is a bad request. */
  List<Object> viewKeys(ModelInputs inputs, int view, int row) {
    List<Object> values;
    try {
      values = inputs.keyValues(view, requests[row]);
    } catch (EvaluationException unusable) {
      throw new BadRequestException("row " + row + ": " + unusable.getMessage());
    }
    int missing = values.indexOf(null);
    if (missing >= 0) {
      var binding = inputs.views().get(view).keys().get(missing);
      throw new BadRequestException(
          "row "
              + row
              + " has no key '"
              + binding.key().name()
              + "' for view '"
              + inputs.views().get(view).name()
              + "': give the columns of "
              + binding.value().canonical());
    }
    return values;
  }

  /** The request rows in the request source's schema; a column it lacks is a bad request. */
  private static Object[][] requestRows(Source requests, EntityColumns entities) {
    RowSchema schema = requests.schema();
    for (String column : entities.columns().keySet()) {
      if (schema.indexOf(column).isEmpty()) {
        throw new BadRequestException(
            "entities."
                + column
                + " is not a column of the requests of source '"
                + requests.name()
                + "'; it has: "
                + schema.columns().stream().map(Column::name).collect(Collectors.joining(", ")));
      }
    }
    Object[][] rows = new Object[entities.rows()][schema.size()];
    for (int i = 0; i < schema.size(); i++) {
      Column column = schema.column(i);
      if (entities.has(column.name())) {
        for (int row = 0; row < rows.length; row++) {
          rows[row][i] =
              ColumnValue.of(entities.value(column.name(), row), column, "entities", row);
        }
      }
    }
    return rows;
  }

  private static long requestTime(Source requests, Object[] request, long now) {
    try {
      Object time = requests.eventTime().evaluate(request);
      return time == null ? now : (Long) time;
    } catch (EvaluationException unusable) {
      throw new BadRequestException(
          "request time " + requests.eventTime().canonical() + ": " + unusable.getMessage());
    }
  }

  private static String routingKey(Scoring scoring, Object[] request, int row) {
    Object key;
    try {
      key = scoring.routingKey().evaluate(request);
    } catch (EvaluationException unusable) {
      throw new BadRequestException("row " + row + ": routing key: " + unusable.getMessage());
    }
    if (key == null) {
      throw new BadRequestException(
          "row "
              + row
              + " has no routing key: scoring '"
              + scoring.name()
              + "' routes by "
              + scoring.routingKey().canonical()
              + ", give the columns it reads");
    }
    return key.toString();
  }

  /** The row's request id; a random UUID, written into the row, when the caller gave none. */
  private static String requestId(RowSchema schema, Object[] request) {
    var column = schema.indexOf("request_id");
    Object id = column.isPresent() ? request[column.getAsInt()] : null;
    if (id == null) {
      id = UUID.randomUUID().toString();
      if (column.isPresent()) {
        request[column.getAsInt()] = id;
      }
    }
    return id.toString();
  }
}
