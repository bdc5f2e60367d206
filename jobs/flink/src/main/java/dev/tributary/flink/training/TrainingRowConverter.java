package dev.tributary.flink.training;

import dev.tributary.core.types.ValueType;
import dev.tributary.core.view.ViewValuesCodec;
import dev.tributary.core.window.ViewSpec;
import dev.tributary.flink.iceberg.TrainingColumns;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;

/**
 * A spine row with every view's values as a row of the training table ({@link TrainingColumns}).
 */
final class TrainingRowConverter extends RichMapFunction<SpineRow, RowData> {
  private static final long serialVersionUID = 1L;

  private final TrainingColumns columns;

  /** Per view, the layout of the values its lookup filled in. */
  private transient ViewSpec[] selected;

  /** Per feature column, where its value is among its view's selected values. */
  private transient int[] positions;

  TrainingRowConverter(TrainingColumns columns) {
    this.columns = columns;
  }

  @Override
  public void open(OpenContext context) {
    selected = new ViewSpec[columns.programs().size()];
    Arrays.setAll(selected, columns::selectedSpec);
    positions = new int[columns.features().size()];
    Arrays.setAll(positions, columns::selectedPosition);
  }

  @Override
  public RowData map(SpineRow spineRow) {
    Object[] spine = ViewValuesCodec.decodeRow(columns.spine().schema(), spineRow.row);
    Object[][] views = new Object[selected.length][];
    for (int v = 0; v < views.length; v++) {
      views[v] = ViewValuesCodec.decodeValues(selected[v], spineRow.features[v]);
    }
    GenericRowData row = new GenericRowData(spine.length + columns.features().size());
    for (int i = 0; i < spine.length; i++) {
      row.setField(i, internal(columns.spine().schema().column(i).type(), spine[i]));
    }
    for (int i = 0; i < columns.features().size(); i++) {
      TrainingColumns.FeatureColumn feature = columns.features().get(i);
      Object value = views[feature.view()][positions[i]];
      row.setField(
          spine.length + i,
          value instanceof List<?> list
              ? new GenericArrayData(list.stream().map(e -> internal(feature.type(), e)).toArray())
              : internal(feature.type(), value));
    }
    return row;
  }

  /** Flink's internal representation of a value of a Tributary type. */
  private static Object internal(ValueType type, Object value) {
    if (value == null) {
      return null;
    }
    return switch (type) {
      case STRING -> StringData.fromString((String) value);
      case TIMESTAMP -> TimestampData.fromEpochMillis((Long) value);
      default -> value;
    };
  }
}
