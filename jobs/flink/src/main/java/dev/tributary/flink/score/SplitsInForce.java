package dev.tributary.flink.score;

import dev.tributary.core.config.KafkaConnection;
import dev.tributary.core.defs.Scoring;
import dev.tributary.core.score.SplitHistory;
import dev.tributary.core.score.SplitMessage;
import dev.tributary.flink.records.DeadLetter;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.Types;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The traffic splits a router applies: those of the control topic as it stood at open (so splits
 * set before the job started route the very first requests, whichever input Flink reads first),
 * plus every split that arrived on the broadcast stream since, kept in broadcast state (so they
 * survive a restore) by split id (so a replayed record changes nothing).
 */
final class SplitsInForce implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(SplitsInForce.class);

  static final MapStateDescriptor<String, String> STATE =
      new MapStateDescriptor<>("traffic-splits", Types.STRING, Types.STRING);

  private final Scoring scoring;
  private final KafkaConnection kafkaOrNull;
  private transient SplitHistory seed;
  private transient SplitHistory history;

  /**
   * @param kafkaOrNull where to read the control topic at open; null for none
   */
  SplitsInForce(Scoring scoring, KafkaConnection kafkaOrNull) {
    this.scoring = scoring;
    this.kafkaOrNull = kafkaOrNull;
  }

  void open() {
    seed = SplitHistory.of(scoring);
    history = null;
    if (kafkaOrNull != null) {
      for (SplitMessage message :
          SplitControlTopic.read(
              kafkaOrNull, scoring.name(), bad -> LOG.warn("ignoring control record {}", bad))) {
        seed = seed.with(message.split());
      }
    }
    LOG.info("{}: splits at start {}", scoring.name(), seed.splits());
  }

  /** The seed plus every split in broadcast state (restored after a failure). */
  SplitHistory history(ReadOnlyBroadcastState<String, String> state) throws Exception {
    if (history == null) {
      SplitHistory rebuilt = seed;
      for (Map.Entry<String, String> entry : state.immutableEntries()) {
        rebuilt =
            rebuilt.with(
                SplitMessage.fromJson(entry.getValue().getBytes(StandardCharsets.UTF_8)).split());
      }
      history = rebuilt;
    }
    return history;
  }

  /**
   * Applies a control record: a split of this scoring goes into {@code state}, one of another
   * scoring is ignored.
   *
   * @return the dead letter of a record that is not a split, else null
   */
  DeadLetter apply(String json, BroadcastState<String, String> state) throws Exception {
    SplitMessage message;
    try {
      message = SplitMessage.fromJson(json.getBytes(StandardCharsets.UTF_8));
    } catch (IllegalArgumentException bad) {
      return new DeadLetter(
          SplitControlTopic.TOPIC,
          json,
          bad.getMessage(),
          DeadLetter.NO_EVENT_TIME,
          System.currentTimeMillis());
    }
    if (message.scoring().equals(scoring.name())) {
      state.put(message.split().id(), json);
      history = history(state).with(message.split());
      LOG.info("{}: split {} applied", scoring.name(), message.split());
    }
    return null;
  }
}
