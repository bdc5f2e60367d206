package dev.tributary.flink.materialize;

import dev.tributary.core.keys.EntityKeyCodec;
import dev.tributary.core.view.ViewProgram;
import dev.tributary.core.view.ViewValuesCodec;
import dev.tributary.core.window.ChangePoint;
import dev.tributary.core.window.StreamingChangePoints;
import dev.tributary.flink.online.OnlineUpdate;
import dev.tributary.flink.online.OnlineUpdateTypeInfo;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.OutputTag;

/**
 * The online values of {@link ViewMaterializer}'s entity: one {@link OnlineUpdate} as of the core's
 * online time ({@link StreamingChangePoints#onlineAsOf()}) whenever the values differ from what was
 * last sent. A burst of events (a replay, a busy airport) is published once per {@link
 * #INTERVAL_MILLIS} instead of once per event, which is what dominates the cost otherwise; every
 * published value still carries its exact as-of time.
 *
 * <p>Values equal to the last published are not sent again, unless an event came since: readers
 * judge the view's TTL from the record's as-of time ({@code OnlineExpiry}: an as-of older than the
 * request time minus the TTL means no event since), so the as-of must pass every event, also one
 * that leaves the values as they were (a {@code max} it does not raise, or an event whose window's
 * oldest event expired before the publication, which brings the values back).
 */
final class OnlinePublisher implements Serializable {
  private static final long serialVersionUID = 1L;

  /** How long an entity's online values may wait after its newest event. */
  static final long INTERVAL_MILLIS = 200;

  /** One entity's latest values for Redis. */
  static final OutputTag<OnlineUpdate> ONLINE =
      new OutputTag<>("online-updates", OnlineUpdateTypeInfo.INSTANCE);

  private transient ValueState<byte[]> published;

  /** True when events arrived since the entity's online values were last published. */
  private transient ValueState<Boolean> pending;

  /** The newest event time the last publication was as of or after. */
  private transient ValueState<Long> publishedNewestEvent;

  void open(RuntimeContext context) {
    published =
        context.getState(
            new ValueStateDescriptor<>(
                "published-values", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    pending = context.getState(new ValueStateDescriptor<>("online-pending", Types.BOOLEAN));
    publishedNewestEvent =
        context.getState(new ValueStateDescriptor<>("published-newest-event", Types.LONG));
  }

  /** Notes an event of an online view, to publish at the next interval boundary. */
  void eventArrived(KeyedProcessFunction<?, ?, ?>.Context context) throws Exception {
    pending.update(true);
    long now = context.timerService().currentProcessingTime();
    context
        .timerService()
        .registerProcessingTimeTimer(now - now % INTERVAL_MILLIS + INTERVAL_MILLIS);
  }

  /** Publishes the values as of the online time, if events came since the last publication. */
  void publishPending(
      ViewProgram program,
      String key,
      StreamingChangePoints points,
      KeyedProcessFunction<?, ?, ?>.Context context)
      throws Exception {
    if (!Boolean.TRUE.equals(pending.value())) {
      return;
    }
    pending.clear();
    long asOf = points.onlineAsOf();
    publish(program, key, asOf, points.valuesAt(asOf), points, points.newestEventTime(), context);
  }

  /**
   * Publishes the newest of the rows an advance emitted when they are the online value: only once
   * the watermark passes the newest event do drops and expiries move it.
   */
  void publishEmitted(
      ViewProgram program,
      String key,
      StreamingChangePoints points,
      List<ChangePoint> rows,
      KeyedProcessFunction<?, ?, ?>.Context context)
      throws Exception {
    if (!rows.isEmpty() && points.emittedRowsAreOnline()) {
      publish(
          program,
          key,
          points.emittedThrough(),
          rows.get(rows.size() - 1).values(),
          points,
          null,
          context);
      pending.clear();
    }
  }

  /** Forgets the entity: its values are those without events, and stay so. */
  void clear() {
    published.clear();
    pending.clear();
    publishedNewestEvent.clear();
  }

  private void publish(
      ViewProgram program,
      String key,
      long asOf,
      Object[] values,
      StreamingChangePoints points,
      Long eventTime,
      KeyedProcessFunction<?, ?, ?>.Context context)
      throws Exception {
    if (!program.view().online()) {
      return;
    }
    byte[] encoded = ViewValuesCodec.encodeValues(program.spec(), values);
    long newestEvent = points.newestEventTime();
    Long lastNewestEvent = publishedNewestEvent.value();
    if (Arrays.equals(encoded, published.value())
        && lastNewestEvent != null
        && lastNewestEvent >= newestEvent) {
      return;
    }
    published.update(encoded);
    publishedNewestEvent.update(newestEvent);
    List<Object> keyValues = EntityKeyCodec.decode(key, program.view().entity().keys());
    context.output(ONLINE, OnlineUpdate.of(program.view(), keyValues, asOf, values, eventTime));
  }
}
