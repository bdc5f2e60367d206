package dev.tributary.flink.materialize;

import dev.tributary.core.view.ViewProgram;
import dev.tributary.core.view.ViewValuesCodec;
import dev.tributary.core.window.ChangePoint;
import dev.tributary.core.window.Correction;
import dev.tributary.core.window.StreamingChangePoints;
import dev.tributary.flink.records.HistoryChange;
import java.io.Serializable;
import java.util.List;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;

/**
 * The history rows of {@link ViewMaterializer}: the rows an advance to the watermark makes final,
 * and the fixes a late event's correction makes to rows already emitted, as {@link HistoryChange}
 * records, counted.
 */
final class HistoryEmitter implements Serializable {
  private static final long serialVersionUID = 1L;

  private final List<ViewProgram> programs;
  private transient Counter rowsEmitted;
  private transient Counter rowsCorrected;

  HistoryEmitter(List<ViewProgram> programs) {
    this.programs = programs;
  }

  void open(RuntimeContext context) {
    rowsEmitted = context.getMetricGroup().counter("historyRowsEmitted");
    rowsCorrected = context.getMetricGroup().counter("historyRowsCorrected");
  }

  /**
   * Advances the entity's change points past {@code watermark} and emits the rows that became
   * final: no event at or before the watermark can arrive any more, except late ones, which come
   * back as corrections. The end-of-input watermark (Long.MAX_VALUE) completes the history: every
   * pending drop and expiry.
   */
  List<ChangePoint> advance(
      StreamingChangePoints points,
      int view,
      String key,
      long watermark,
      Collector<HistoryChange> out) {
    if (watermark == Long.MIN_VALUE) {
      return List.of();
    }
    List<ChangePoint> rows =
        points.advanceTo(watermark == Long.MAX_VALUE ? Long.MAX_VALUE : watermark + 1);
    for (ChangePoint row : rows) {
      out.collect(new HistoryChange(view, key, row.validFrom(), encode(view, row)));
    }
    rowsEmitted.inc(rows.size());
    return rows;
  }

  /** Emits a correction: the rows it removes, then each changed row (removed first, re-added). */
  void correct(int view, String key, Correction correction, Collector<HistoryChange> out) {
    for (long removed : correction.removed()) {
      out.collect(new HistoryChange(view, key, removed, null));
    }
    for (ChangePoint row : correction.upserted()) {
      // Remove first: the row at this validFrom may exist with the old values.
      out.collect(new HistoryChange(view, key, row.validFrom(), null));
      out.collect(new HistoryChange(view, key, row.validFrom(), encode(view, row)));
    }
    rowsCorrected.inc(correction.removed().size() + correction.upserted().size());
  }

  private byte[] encode(int view, ChangePoint row) {
    return ViewValuesCodec.encodeValues(programs.get(view).spec(), row.values());
  }
}
