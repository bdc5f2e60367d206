package dev.tributary.flink.sourceinput;

import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Passes a sink's rows on only once the {@link RejectionGate} has let the job through. In BATCH
 * mode Flink reads a broadcast input to its end before the other input, so no row reaches a sink
 * (and nothing can be committed) until every input has been read and judged; if the gate fails the
 * job, the rows never arrive.
 *
 * @param <T> the rows
 */
public final class AfterVerdict<T> extends BroadcastProcessFunction<T, byte[], T> {
  private static final long serialVersionUID = 1L;

  /** Required by {@code broadcast(..)}; the verdict itself is not kept. */
  static final MapStateDescriptor<String, byte[]> VERDICT =
      new MapStateDescriptor<>(
          "rejection-verdict", Types.STRING, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);

  /** {@code rows}, held until the verdict; {@code uid} names the operator. */
  static <T> DataStream<T> hold(DataStream<T> rows, BroadcastStream<byte[]> verdict, String uid) {
    return rows.connect(verdict)
        .process(new AfterVerdict<T>(), rows.getType())
        .uid(uid)
        .name("after the rejection verdict: " + uid);
  }

  @Override
  public void processElement(T row, ReadOnlyContext context, Collector<T> out) {
    out.collect(row);
  }

  @Override
  public void processBroadcastElement(byte[] verdict, Context context, Collector<T> out) {}
}
