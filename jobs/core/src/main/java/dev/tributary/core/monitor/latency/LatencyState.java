package dev.tributary.core.monitor.latency;

import dev.tributary.core.monitor.WritableState;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * Latencies of one version in one window (inference, or request to prediction), in microseconds, in
 * an HdrHistogram with 3 significant digits: every percentile is within 0.1% of the exact one.
 * Mergeable; its compressed bytes are a few hundred bytes.
 */
public final class LatencyState implements WritableState {
  private static final int SIGNIFICANT_DIGITS = 3;

  private final Histogram histogram;

  public LatencyState() {
    this(new Histogram(SIGNIFICANT_DIGITS));
  }

  private LatencyState(Histogram histogram) {
    this.histogram = histogram;
  }

  public void recordMicros(long micros) {
    if (micros < 0) {
      throw new IllegalArgumentException(
          "latency " + micros + " µs is negative: the clocks of request and prediction disagree");
    }
    histogram.recordValue(micros);
  }

  public void merge(LatencyState other) {
    histogram.add(other.histogram);
  }

  public LatencyPercentiles percentiles() {
    if (histogram.getTotalCount() == 0) {
      return new LatencyPercentiles(0, 0, 0, 0, 0);
    }
    return new LatencyPercentiles(
        histogram.getTotalCount(),
        histogram.getValueAtPercentile(50),
        histogram.getValueAtPercentile(95),
        histogram.getValueAtPercentile(99),
        histogram.getMaxValue());
  }

  @Override
  public void write(DataOutput out) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
    int length = histogram.encodeIntoCompressedByteBuffer(buffer);
    out.writeInt(length);
    out.write(buffer.array(), 0, length);
  }

  public static LatencyState read(DataInput in) throws IOException {
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    try {
      return new LatencyState(Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0));
    } catch (DataFormatException corrupt) {
      throw new IOException("latency histogram bytes are corrupt", corrupt);
    }
  }
}
