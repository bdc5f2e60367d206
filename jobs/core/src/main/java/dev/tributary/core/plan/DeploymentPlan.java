package dev.tributary.core.plan;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.defs.Scoring;
import dev.tributary.core.defs.Source;
import dev.tributary.core.keys.OnlineKeys;
import dev.tributary.core.online.OnlineRecordCodec;
import dev.tributary.core.types.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Everything the jobs would create for a set of definitions: Iceberg tables with their schemas,
 * Redis key layouts, Kafka topics. {@code tributary plan} prints it; the jobs create exactly these,
 * so a plan reviewed before a deployment is what the deployment does.
 */
public record DeploymentPlan(
    List<PlannedTable> tables, List<OnlineLayout> online, List<String> topics) {
  public static final String DEAD_LETTER_TOPIC = "tributary.dead_letters";
  public static final String PREDICTIONS_TOPIC = "tributary.predictions";
  public static final String TRAFFIC_SPLIT_TOPIC = "tributary.traffic_splits";

  public DeploymentPlan {
    tables = List.copyOf(tables);
    online = List.copyOf(online);
    topics = List.copyOf(topics);
  }

  public static DeploymentPlan of(FeatureRepository repository) {
    List<PlannedTable> tables = new ArrayList<>();
    List<OnlineLayout> online = new ArrayList<>();
    for (FeatureView view : repository.views()) {
      if (view.offline()) {
        tables.add(HistoryTables.of(view));
      }
      if (view.online()) {
        // A section holds the features by position (compact, and stable for a view version);
        // the plan says which is which.
        List<String> fields =
            new ArrayList<>(List.of("section " + OnlineRecordCodec.of(view).viewIdHex()));
        for (int i = 0; i < view.features().size(); i++) {
          fields.add(i + "=" + view.features().get(i).name());
        }
        online.add(
            new OnlineLayout(
                view.versionedName(), OnlineKeys.pattern(view), fields, view.ttl().toSeconds()));
      }
    }
    tables.add(deadLetters());
    TreeSet<String> topics = new TreeSet<>();
    repository.views().forEach(v -> v.source().topic().ifPresent(topics::add));
    topics.add(DEAD_LETTER_TOPIC);
    if (!repository.scorings().isEmpty()) {
      repository.scorings().stream()
          .map(Scoring::requests)
          .map(Source::topic)
          .forEach(topic -> topic.ifPresent(topics::add));
      repository.models().forEach(m -> m.label().source().topic().ifPresent(topics::add));
      topics.add(PREDICTIONS_TOPIC);
      topics.add(TRAFFIC_SPLIT_TOPIC);
    }
    return new DeploymentPlan(tables, online, new ArrayList<>(topics));
  }

  /**
   * {@code ops.dead_letters}: every record a job could not use, with the reason; nothing is lost.
   */
  public static PlannedTable deadLetters() {
    return new PlannedTable(
        "ops",
        "dead_letters",
        List.of(
            new PlannedColumn(
                "source",
                ValueType.STRING,
                false,
                true,
                "the source definition the record came from"),
            new PlannedColumn(
                "payload", ValueType.STRING, false, true, "the record exactly as received"),
            new PlannedColumn("reason", ValueType.STRING, false, true, "why it was not used"),
            new PlannedColumn(
                "event_time", ValueType.TIMESTAMP, false, false, "its event time, when it had one"),
            new PlannedColumn(
                "recorded_at", ValueType.TIMESTAMP, false, true, "when the job set it aside")),
        "recorded_at",
        "records that failed to parse or validate, and events later than the allowed lateness");
  }

  /**
   * {@code monitoring.predictions}: one row per scored request, with everything needed to explain
   * and reproduce it (the features and their as-of times, the split that routed it).
   */
  public static PlannedTable predictions() {
    return new PlannedTable(
        "monitoring",
        "predictions",
        List.of(
            column("request_id", ValueType.STRING, true, "the request's id"),
            column("request_time", ValueType.TIMESTAMP, true, "when the request was made"),
            column("scoring", ValueType.STRING, true, "the scoring deployment"),
            column("model", ValueType.STRING, true, "the model (its Triton name)"),
            column("version_chosen", ValueType.LONG, true, "the version the split chose"),
            column("version_served", ValueType.LONG, true, "the version Triton says answered"),
            column("split_id", ValueType.STRING, true, "the traffic split that routed it"),
            column("routing_key", ValueType.STRING, true, "the request's routing key"),
            column("request", ValueType.STRING, true, "the request as received"),
            new PlannedColumn("scores", ValueType.DOUBLE, true, false, "the model's outputs"),
            new PlannedColumn(
                "features", ValueType.STRING, true, false, "the inputs as view.feature, in order"),
            new PlannedColumn(
                "feature_values",
                ValueType.DOUBLE,
                true,
                false,
                "each input's online value, null where missing (before the missing policy)"),
            new PlannedColumn(
                "feature_as_of",
                ValueType.TIMESTAMP,
                true,
                false,
                "each input's as-of time (its view's), null where the store had nothing"),
            column("lookup_us", ValueType.LONG, true, "online store round trip of its batch, µs"),
            column("queue_us", ValueType.LONG, true, "time in the micro-batcher, µs"),
            column("inference_us", ValueType.LONG, true, "Triton call of its batch, µs"),
            column("job_id", ValueType.STRING, true, "the score job that wrote it"),
            column("predicted_at", ValueType.TIMESTAMP, true, "when the prediction was made")),
        "request_time",
        "every prediction of the score job, exactly once");
  }

  /**
   * {@code monitoring.consistency}: per check and feature, logged online values against the
   * training-set job's values at the same as-of times.
   */
  public static PlannedTable consistency() {
    return new PlannedTable(
        "monitoring",
        "consistency",
        List.of(
            column("checked_at", ValueType.TIMESTAMP, true, "when the check ran"),
            column("scoring", ValueType.STRING, true, "the scoring deployment"),
            column("from_time", ValueType.TIMESTAMP, true, "predictions from (inclusive)"),
            column("to_time", ValueType.TIMESTAMP, true, "predictions to (exclusive)"),
            column("feature", ValueType.STRING, true, "view.feature"),
            column("compared", ValueType.LONG, true, "logged values compared"),
            column("equal", ValueType.LONG, true, "equal bit for bit, or both null"),
            column("different", ValueType.LONG, true, "different"),
            new PlannedColumn(
                "examples", ValueType.STRING, true, false, "the first differences, described")),
        "checked_at",
        "online/offline consistency of logged predictions");
  }

  private static PlannedColumn column(String name, ValueType type, boolean required, String doc) {
    return new PlannedColumn(name, type, false, required, doc);
  }
}
