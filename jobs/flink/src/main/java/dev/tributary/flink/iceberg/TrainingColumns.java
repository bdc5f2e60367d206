package dev.tributary.flink.iceberg;

import dev.tributary.core.defs.FeatureRef;
import dev.tributary.core.plan.PlannedColumn;
import dev.tributary.core.plan.PlannedTable;
import dev.tributary.core.training.Spine;
import dev.tributary.core.types.Column;
import dev.tributary.core.types.ValueType;
import dev.tributary.core.view.ViewProgram;
import dev.tributary.core.view.ViewValuesCodec;
import dev.tributary.core.window.ViewSpec;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The columns of a training table: the spine's columns as they are, then one column per feature
 * named {@code <view>__<feature>} (two underscores, like the history tables' {@code
 * <view>__<version>}, so a name never collides with a spine column nor with another view's
 * feature).
 *
 * @param spine the spine
 * @param programs the views the features come from, in lookup order
 * @param features per feature column: the index of its view in {@code programs} and of the feature
 *     in that view
 */
public record TrainingColumns(Spine spine, List<ViewProgram> programs, List<FeatureColumn> features)
    implements Serializable {
  public static final String NAMESPACE = "training";

  /** One feature column of the training table. */
  public record FeatureColumn(String name, int view, int feature, ValueType type, boolean list)
      implements Serializable {}

  /** The column of a feature: {@code <view>__<feature>}, as the stats table names it too. */
  public static String columnOf(FeatureRef ref) {
    return ref.view().name() + "__" + ref.feature().name();
  }

  public static TrainingColumns of(Spine spine, List<FeatureRef> refs) {
    List<ViewProgram> programs = new ArrayList<>();
    List<String> viewNames = new ArrayList<>();
    List<FeatureColumn> features = new ArrayList<>();
    for (FeatureRef ref : refs) {
      int view = viewNames.indexOf(ref.view().name());
      if (view < 0) {
        view = viewNames.size();
        viewNames.add(ref.view().name());
        programs.add(ViewProgram.of(ref.view()));
      }
      int feature = ref.view().features().indexOf(ref.feature());
      features.add(
          new FeatureColumn(
              columnOf(ref),
              view,
              feature,
              ref.feature().resultType(),
              ref.feature().aggregation().producesList()));
    }
    return new TrainingColumns(spine, List.copyOf(programs), List.copyOf(features));
  }

  /**
   * The features of view {@code view} that the set has a column for, as indices into the view's
   * features, ascending. The lookups read and carry only these: a history table's other feature
   * columns are never read (the flights' {@code origin_delays} has 14 features, the model uses 7).
   */
  public int[] selected(int view) {
    return features.stream()
        .filter(f -> f.view() == view)
        .mapToInt(FeatureColumn::feature)
        .distinct()
        .sorted()
        .toArray();
  }

  /**
   * View {@code view}'s spec narrowed to its {@link #selected} features, TTL kept: the layout of
   * the values its lookup passes on ({@link dev.tributary.core.view.ViewValuesCodec#encodeValues}).
   * Which history row is in effect as of a time does not depend on the columns read, so narrowing
   * changes no value.
   */
  public ViewSpec selectedSpec(int view) {
    ViewSpec full = programs.get(view).spec();
    return new ViewSpec(
        Arrays.stream(selected(view)).mapToObj(full::feature).toList(), full.ttlMillis());
  }

  /**
   * View {@code view}'s {@link #selected} values without events, encoded as the lookups pass values
   * on: what an as-of join gives a time before the entity's first history row.
   */
  public byte[] encodedValuesWithoutEvents(int view) {
    ViewSpec selected = selectedSpec(view);
    return ViewValuesCodec.encodeValues(selected, selected.valuesWithoutEvents());
  }

  /** The {@link #selected} values out of all of view {@code view}'s values, in that order. */
  public Object[] select(int view, Object[] values) {
    return Arrays.stream(selected(view)).mapToObj(i -> values[i]).toArray();
  }

  /** Where feature column {@code column}'s value is among its view's {@link #selected} values. */
  public int selectedPosition(int column) {
    FeatureColumn feature = features.get(column);
    return Arrays.binarySearch(selected(feature.view()), feature.feature());
  }

  /** The table plan: spine columns, then features; partitioned by day of {@code as_of}. */
  public PlannedTable table(String name) {
    List<PlannedColumn> columns = new ArrayList<>();
    for (Column column : spine.schema().columns()) {
      columns.add(new PlannedColumn(column.name(), column.type(), false, false, "spine column"));
    }
    for (FeatureColumn feature : features) {
      columns.add(
          new PlannedColumn(
              feature.name(),
              feature.type(),
              feature.list(),
              false,
              "value as of as_of (greatest valid_from <= as_of)"));
    }
    return new PlannedTable(
        NAMESPACE, name, columns, Spine.AS_OF, "training set " + name + ": " + spine.description());
  }
}
