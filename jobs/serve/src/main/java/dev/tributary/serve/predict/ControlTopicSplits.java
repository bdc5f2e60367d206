package dev.tributary.serve.predict;

import dev.tributary.core.config.KafkaConnection;
import dev.tributary.core.defs.Scoring;
import dev.tributary.core.score.SplitHistory;
import dev.tributary.core.score.SplitMessage;
import dev.tributary.flink.score.SplitControlTopic;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits as the score job sees them: the definitions' split plus every split on the control topic
 * {@code tributary.traffic_splits} ({@link SplitControlTopic}), read to its end at first use and
 * again every {@code refreshSeconds}. Splits carry their effective time and {@link SplitHistory}
 * routes a request by the split in force at its request time, so a split set with an effective time
 * at least one refresh ahead routes synchronous and streaming predictions identically.
 */
public final class ControlTopicSplits implements SplitSource, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ControlTopicSplits.class);

  private final KafkaConnection kafka;
  private final Map<String, SplitHistory> histories = new ConcurrentHashMap<>();
  private final Map<String, Scoring> scorings = new ConcurrentHashMap<>();
  private final ScheduledExecutorService refresher =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "traffic-split-refresh");
            thread.setDaemon(true);
            return thread;
          });

  public ControlTopicSplits(String bootstrapServers, long refreshSeconds) {
    this(KafkaConnection.plain(bootstrapServers), refreshSeconds);
  }

  /** Splits read from a Kafka reached with client properties (TLS, SASL). */
  public ControlTopicSplits(KafkaConnection kafka, long refreshSeconds) {
    this.kafka = kafka;
    refresher.scheduleWithFixedDelay(
        this::refresh, refreshSeconds, refreshSeconds, TimeUnit.SECONDS);
  }

  @Override
  public SplitHistory history(Scoring scoring) {
    scorings.putIfAbsent(scoring.name(), scoring);
    return histories.computeIfAbsent(scoring.name(), name -> read(scoring));
  }

  /** Reads the topic again for every scoring asked about so far. */
  public void refresh() {
    for (Scoring scoring : scorings.values()) {
      try {
        histories.put(scoring.name(), read(scoring));
      } catch (RuntimeException unreachable) {
        LOG.warn("traffic splits of {} not refreshed: {}", scoring.name(), unreachable.toString());
      }
    }
  }

  private SplitHistory read(Scoring scoring) {
    SplitHistory history = SplitHistory.of(scoring);
    for (SplitMessage message :
        SplitControlTopic.read(
            kafka, scoring.name(), bad -> LOG.warn("ignoring control record {}", bad))) {
      history = history.with(message.split());
    }
    return history;
  }

  @Override
  public void close() {
    refresher.shutdownNow();
  }
}
