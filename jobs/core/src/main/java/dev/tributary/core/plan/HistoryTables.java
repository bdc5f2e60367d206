package dev.tributary.core.plan;

import dev.tributary.core.defs.Feature;
import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.defs.KeyBinding;
import dev.tributary.core.types.ValueType;
import java.util.ArrayList;
import java.util.List;

/**
 * The history table of a view version: per entity, one row each time a value changes.
 *
 * <p>Columns: the entity keys, {@code valid_from} (the instant the row's values take effect: the
 * value as of {@code t} is the row with the greatest {@code valid_from <= t}), one column per
 * feature, and {@code job_id} (which job wrote the row, for lineage). Partitioned by day of {@code
 * valid_from}, so as-of reads over a time range touch only the days they need.
 */
public final class HistoryTables {
  public static final String NAMESPACE = "features";
  public static final String VALID_FROM = "valid_from";
  public static final String JOB_ID = "job_id";

  private HistoryTables() {}

  public static PlannedTable of(FeatureView view) {
    List<PlannedColumn> columns = new ArrayList<>();
    for (KeyBinding key : view.keys()) {
      columns.add(
          new PlannedColumn(
              key.key().name(),
              key.key().type(),
              false,
              true,
              "key of entity " + view.entity().name()));
    }
    columns.add(
        new PlannedColumn(
            VALID_FROM,
            ValueType.TIMESTAMP,
            false,
            true,
            "the values hold from this instant (an event at ts takes effect at ts + 1 ms)"));
    for (Feature feature : view.features()) {
      columns.add(
          new PlannedColumn(
              feature.name(),
              feature.resultType(),
              feature.aggregation().producesList(),
              false,
              description(feature)));
    }
    columns.add(
        new PlannedColumn(JOB_ID, ValueType.STRING, false, true, "the job that wrote the row"));
    return new PlannedTable(
        NAMESPACE,
        view.versionedName(),
        columns,
        VALID_FROM,
        "history of view " + view.name() + " version " + view.version());
  }

  private static String description(Feature feature) {
    if (!feature.description().isEmpty()) {
      return feature.description();
    }
    String window =
        feature
            .window()
            .map(
                w ->
                    "over "
                        + dev.tributary.core.defs.Durations.format(w)
                        + " hopping "
                        + dev.tributary.core.defs.Durations.format(feature.hop()))
            .orElse("over the lifetime");
    return feature.aggregation().yamlName()
        + "("
        + feature.input().map(e -> e.canonical()).orElse("*")
        + ") "
        + window;
  }
}
