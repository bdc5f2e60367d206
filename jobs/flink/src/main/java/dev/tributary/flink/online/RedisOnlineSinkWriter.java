package dev.tributary.flink.online;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;

/**
 * Buffers updates and writes them as pipelined batches: when a batch is full, when the oldest
 * buffered update has waited {@link RedisOptions#FLUSH_INTERVAL}, and on every checkpoint ({@link
 * #flush}). All of it runs on the task's mailbox thread, timers included, so the buffer needs no
 * locking; a write that blocks on an unreachable Redis blocks the task, which is the backpressure
 * the job should feel.
 */
final class RedisOnlineSinkWriter implements SinkWriter<OnlineUpdate> {
  private final OnlineStoreWriter writer;
  private final int batchSize;
  private final long flushIntervalMillis;
  private final ProcessingTimeService time;
  private final OnlineSinkMetrics metrics;
  private final List<OnlineUpdate> buffer = new ArrayList<>();
  private ScheduledFuture<?> timer;

  RedisOnlineSinkWriter(
      OnlineStoreWriter writer,
      RedisOptions options,
      ProcessingTimeService time,
      OnlineSinkMetrics metrics) {
    this.writer = writer;
    this.batchSize = options.batchSize();
    this.flushIntervalMillis = options.flushInterval().toMillis();
    this.time = time;
    this.metrics = metrics;
  }

  @Override
  public void write(OnlineUpdate update, Context context) throws IOException, InterruptedException {
    buffer.add(update);
    if (buffer.size() >= batchSize) {
      writeBuffer();
    } else if (timer == null) {
      timer =
          time.registerTimer(
              time.getCurrentProcessingTime() + flushIntervalMillis,
              now -> {
                timer = null;
                writeBuffer();
              });
    }
  }

  /** Called before each checkpoint and at the end of input: nothing may stay buffered. */
  @Override
  public void flush(boolean endOfInput) throws IOException, InterruptedException {
    writeBuffer();
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.cancel(false);
    }
    writer.close();
  }

  private void writeBuffer() throws IOException, InterruptedException {
    if (buffer.isEmpty()) {
      return;
    }
    WriteResult result = writer.write(buffer);
    metrics.record(buffer, result, System.currentTimeMillis());
    buffer.clear();
  }
}
