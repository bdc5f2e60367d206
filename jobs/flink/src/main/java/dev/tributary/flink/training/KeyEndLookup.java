package dev.tributary.flink.training;

import dev.tributary.flink.iceberg.TrainingColumns;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Fills in one view's values for the spine rows of one entity, in Flink's BATCH mode: the spine
 * rows and the entity's history rows (or events) are gathered per key, and at the end of the key
 * (when BATCH mode fires the key's timers) one sweep over both sorted by time answers every spine
 * row. Memory holds one entity at a time; Flink's sort does the rest, spilling to disk.
 *
 * <p>The values are the view's {@link TrainingColumns#selected} features, encoded ({@link
 * dev.tributary.core.view.ViewValuesCodec#encodeValues} of {@link TrainingColumns#selectedSpec}):
 * the spine row carries them that way until the training table's row decodes them.
 *
 * @param <S> the entity's data: history rows or events
 */
abstract class KeyEndLookup<S> extends KeyedCoProcessFunction<String, SpineRow, S, SpineRow> {
  private static final long serialVersionUID = 1L;

  protected final int viewIndex;
  protected final TrainingColumns columns;
  private final TypeInformation<S> sideType;
  private transient ListState<SpineRow> spine;
  private transient ListState<S> side;

  /**
   * The key whose end-of-key timer is registered: BATCH mode hands over the keys one after the
   * other, so registering once per key is enough (a timer per element costs a set insertion each).
   */
  private transient String timerKey;

  KeyEndLookup(int viewIndex, TrainingColumns columns, TypeInformation<S> sideType) {
    this.viewIndex = viewIndex;
    this.columns = columns;
    this.sideType = sideType;
  }

  /** The view's selected values per time, same index, encoded, by one of the two strategies. */
  abstract byte[][] encodedValuesAsOf(List<S> entityData, long[] times);

  @Override
  public void open(OpenContext context) {
    spine =
        getRuntimeContext()
            .getListState(new ListStateDescriptor<>("spine", TypeInformation.of(SpineRow.class)));
    side = getRuntimeContext().getListState(new ListStateDescriptor<>("entity", sideType));
  }

  @Override
  public void processElement1(SpineRow row, Context context, Collector<SpineRow> out)
      throws Exception {
    spine.add(row);
    atKeyEnd(context);
  }

  @Override
  public void processElement2(S data, Context context, Collector<SpineRow> out) throws Exception {
    side.add(data);
    atKeyEnd(context);
  }

  private void atKeyEnd(Context context) {
    if (!context.getCurrentKey().equals(timerKey)) {
      context.timerService().registerEventTimeTimer(Long.MAX_VALUE);
      timerKey = context.getCurrentKey();
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext context, Collector<SpineRow> out)
      throws Exception {
    List<SpineRow> rows = new ArrayList<>();
    spine.get().forEach(rows::add);
    if (!rows.isEmpty()) {
      List<S> data = new ArrayList<>();
      side.get().forEach(data::add);
      long[] times = rows.stream().mapToLong(r -> r.asOf).toArray();
      byte[][] values = encodedValuesAsOf(data, times);
      for (int i = 0; i < rows.size(); i++) {
        SpineRow row = rows.get(i);
        row.features[viewIndex] = values[i];
        out.collect(row);
      }
    }
    spine.clear();
    side.clear();
    timerKey = null;
  }
}
