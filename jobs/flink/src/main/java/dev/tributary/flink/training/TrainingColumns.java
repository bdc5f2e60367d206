package dev.tributary.flink.training;

import dev.tributary.core.defs.FeatureRef;
import dev.tributary.core.plan.PlannedColumn;
import dev.tributary.core.plan.PlannedTable;
import dev.tributary.core.training.Spine;
import dev.tributary.core.types.Column;
import dev.tributary.core.types.ValueType;
import dev.tributary.core.view.ViewProgram;
import java.io.Serializable;
import java.util.ArrayList;
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
              ref.view().name() + "__" + ref.feature().name(),
              view,
              feature,
              ref.feature().resultType(),
              ref.feature().aggregation().producesList()));
    }
    return new TrainingColumns(spine, List.copyOf(programs), List.copyOf(features));
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
