package dev.tributary.flink.online;

import dev.tributary.core.defs.FeatureView;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Flink sink of the online store: writes {@link OnlineUpdate}s to Redis through an {@link
 * OnlineStoreWriter}.
 *
 * <pre>
 *   materialize (keyed by entity) --OnlineUpdate--> [RedisOnlineSink writer, per subtask]
 *                                                     buffer up to redis.sink.batch-size
 *                                                     | full, redis.sink.flush-interval passed,
 *                                                     | or checkpoint barrier
 *                                                     v
 *                                                   one pipelined batch of EVALSHA calls --> Redis
 * </pre>
 *
 * <p>Delivery is at least once: the buffer is written before every checkpoint completes, and after
 * a failure the job replays from the last checkpoint. Because the write script stores only newer
 * as-of times, the replay cannot move any value back in time, so the result is the same as
 * exactly-once without two-phase commits. While Redis is down the writer blocks, which
 * backpressures the job; after {@link RedisOptions#RETRY_GIVE_UP} the job fails and restarts from
 * its checkpoint.
 *
 * <p>Use it with a uid: {@code updates.sinkTo(new RedisOnlineSink(options,
 * views)).uid("redis").name("Redis")}.
 */
public final class RedisOnlineSink implements Sink<OnlineUpdate> {
  private static final long serialVersionUID = 1L;

  private final RedisOptions options;
  private final List<FeatureView> views;

  /**
   * @param views every view version whose updates reach this sink
   */
  public RedisOnlineSink(RedisOptions options, Collection<FeatureView> views) {
    this.options = options;
    this.views = new ArrayList<>(views);
  }

  @Override
  public SinkWriter<OnlineUpdate> createWriter(WriterInitContext context) throws IOException {
    try {
      return new RedisOnlineSinkWriter(
          OnlineStoreWriter.open(options, views),
          options,
          context.getProcessingTimeService(),
          new OnlineSinkMetrics(context.metricGroup()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException(
          "Interrupted while connecting to Redis at " + options.address());
    }
  }
}
