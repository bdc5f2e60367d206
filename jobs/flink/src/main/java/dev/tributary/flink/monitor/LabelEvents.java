package dev.tributary.flink.monitor;

import dev.tributary.core.defs.Label;
import dev.tributary.core.monitor.labels.LabelEvent;
import dev.tributary.core.monitor.labels.LabelKey;
import dev.tributary.core.view.ViewValuesCodec;
import dev.tributary.flink.records.SourceRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;

/**
 * The label source's records as label events: key from the label's {@code join_on} columns, value
 * from its {@code value} expression, time the record's event time. Records the source rejects, or
 * with a null join column or value, are counted ({@code unusableLabels}); the materialize job,
 * which reads the same topic, dead-letters the rejected ones with their reason.
 */
final class LabelEvents extends RichFlatMapFunction<SourceRecord, LabelEvent> {
  private static final long serialVersionUID = 1L;

  private final Label label;
  private final LabelKey key;
  private transient Counter unusable;

  LabelEvents(Label label) {
    this.label = label;
    this.key =
        new LabelKey(
            label.joinOn(),
            label.source().schema(),
            "label source '" + label.source().name() + "'");
  }

  @Override
  public void open(OpenContext context) {
    unusable = getRuntimeContext().getMetricGroup().counter("unusableLabels");
  }

  @Override
  public void flatMap(SourceRecord record, Collector<LabelEvent> out) {
    if (record.rejection != null) {
      unusable.inc();
      return;
    }
    Object[] row = ViewValuesCodec.decodeRow(label.source().schema(), record.row);
    String joinKey = key.of(row);
    Object value = label.value().evaluate(row);
    if (joinKey == null || !(value instanceof Boolean observed)) {
      unusable.inc();
      return;
    }
    out.collect(new LabelEvent(joinKey, record.eventTime, observed));
  }
}
