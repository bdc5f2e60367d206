package dev.tributary.flink.training;

import dev.tributary.core.training.AsOfJoin;
import dev.tributary.core.view.ViewProgram;
import dev.tributary.core.view.ViewValuesCodec;
import dev.tributary.core.window.ChangePoint;
import dev.tributary.flink.records.HistoryChange;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/** One view's values for the spine rows of an entity, by the as-of join over its history rows. */
final class HistoryJoinLookup extends KeyEndLookup<HistoryChange> {
  private static final long serialVersionUID = 1L;

  HistoryJoinLookup(int viewIndex, ViewProgram program) {
    super(viewIndex, program, TypeInformation.of(HistoryChange.class));
  }

  @Override
  Object[][] valuesAsOf(ViewProgram program, List<HistoryChange> rows, long[] times) {
    List<ChangePoint> points =
        rows.stream()
            .map(
                r ->
                    new ChangePoint(
                        r.validFrom, ViewValuesCodec.decodeValues(program.spec(), r.values)))
            .toList();
    return new AsOfJoin(program.spec()).valuesAsOf(points, times);
  }
}
