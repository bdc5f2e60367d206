package dev.tributary.flink.training;

import dev.tributary.core.view.ViewProgram;
import dev.tributary.core.view.ViewValuesCodec;
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
 * @param <S> the entity's data: history rows or events
 */
abstract class KeyEndLookup<S> extends KeyedCoProcessFunction<String, SpineRow, S, SpineRow> {
  private static final long serialVersionUID = 1L;

  private final int viewIndex;
  private final ViewProgram program;
  private final TypeInformation<S> sideType;
  private transient ListState<SpineRow> spine;
  private transient ListState<S> side;

  KeyEndLookup(int viewIndex, ViewProgram program, TypeInformation<S> sideType) {
    this.viewIndex = viewIndex;
    this.program = program;
    this.sideType = sideType;
  }

  /** One value array per time, same index, by one of the two strategies. */
  abstract Object[][] valuesAsOf(ViewProgram program, List<S> entityData, long[] times);

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
    context.timerService().registerEventTimeTimer(Long.MAX_VALUE);
  }

  @Override
  public void processElement2(S data, Context context, Collector<SpineRow> out) throws Exception {
    side.add(data);
    context.timerService().registerEventTimeTimer(Long.MAX_VALUE);
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
      Object[][] values = valuesAsOf(program, data, times);
      for (int i = 0; i < rows.size(); i++) {
        SpineRow row = rows.get(i);
        row.features[viewIndex] = ViewValuesCodec.encodeValues(program.spec(), values[i]);
        out.collect(row);
      }
    }
    spine.clear();
    side.clear();
  }
}
