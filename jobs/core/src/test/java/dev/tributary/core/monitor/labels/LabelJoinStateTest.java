package dev.tributary.core.monitor.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.monitor.WritableState;
import dev.tributary.core.window.Seeds;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The label join against the rules as written (docs/monitoring.md), computed by brute force over
 * the whole arrival log, for random arrival orders with random watermarks. Seeds are printed and
 * replayable.
 */
class LabelJoinStateTest {
  private static final long WAIT = 100;

  /** One step of the input: a record arriving, or the watermark advancing. */
  private record Step(Prediction prediction, LabelEvent label, Long watermark) {}

  @Test
  void randomArrivalOrdersGiveWhatTheWrittenRulesSay() {
    long base = Seeds.base();
    for (int round = 0; round < 300; round++) {
      long seed = base + round;
      List<Step> steps = randomSteps(new Random(seed));
      Map<String, JoinOutcome> actual = run(steps, round % 2 == 0);
      Map<String, JoinOutcome> expected = bruteForce(steps);
      assertEquals(expected, actual, "seed " + seed + " steps " + steps);
    }
  }

  /**
   * Without watermarks before the end nothing is late, and with one label per key the outcome is
   * the offline join, whatever the arrival order.
   */
  @Test
  void withoutLatenessEveryOrderGivesTheOfflineJoin() {
    long seed = Seeds.base();
    Random random = new Random(seed);
    List<Step> records = new ArrayList<>();
    Map<String, LabelEvent> labels = new HashMap<>();
    for (int k = 0; k < 30; k++) {
      String key = "k" + k;
      long labelTime = random.nextInt(1000);
      if (random.nextInt(4) > 0) {
        LabelEvent label = new LabelEvent(key, labelTime, random.nextBoolean());
        labels.put(key, label);
        records.add(new Step(null, label, null));
      }
      for (int p = random.nextInt(3); p >= 0; p--) {
        long time = labelTime - random.nextInt((int) (2 * WAIT));
        records.add(new Step(new Prediction(key, key + "/" + p, time, "1", 0.5), null, null));
      }
    }
    Map<String, JoinOutcome> first = null;
    for (int order = 0; order < 50; order++) {
      Collections.shuffle(records, random);
      Map<String, JoinOutcome> outcomes = run(records, false);
      for (JoinOutcome outcome : outcomes.values()) {
        Prediction p = outcome.prediction();
        LabelEvent label = labels.get(p.key());
        boolean joins =
            label != null && label.time() >= p.time() && label.time() <= p.time() + WAIT;
        assertEquals(
            joins ? JoinOutcome.Status.LABELLED : JoinOutcome.Status.UNLABELLED,
            outcome.status(),
            "seed " + seed + " " + outcome);
      }
      if (first == null) {
        first = outcomes;
      }
      assertEquals(first, outcomes, "seed " + seed);
    }
  }

  /** Random keys, times, duplicate labels, and a watermark that trails the largest time seen. */
  private static List<Step> randomSteps(Random random) {
    List<Step> records = new ArrayList<>();
    int keys = 1 + random.nextInt(4);
    int predictions = random.nextInt(12);
    for (int i = 0; i < predictions; i++) {
      String key = "k" + random.nextInt(keys);
      records.add(
          new Step(
              new Prediction(key, "r" + i, random.nextInt(500), "v" + random.nextInt(2), 0.5),
              null,
              null));
    }
    for (int i = random.nextInt(10); i > 0; i--) {
      records.add(
          new Step(
              null,
              new LabelEvent("k" + random.nextInt(keys), random.nextInt(600), random.nextBoolean()),
              null));
    }
    Collections.shuffle(records, random);
    List<Step> steps = new ArrayList<>();
    long maxSeen = Long.MIN_VALUE;
    long watermark = Long.MIN_VALUE;
    long outOfOrderness = random.nextInt(300);
    for (Step step : records) {
      steps.add(step);
      long time = step.prediction() != null ? step.prediction().time() : step.label().time();
      maxSeen = Math.max(maxSeen, time);
      if (random.nextInt(3) == 0 && maxSeen - outOfOrderness > watermark) {
        watermark = maxSeen - outOfOrderness;
        steps.add(new Step(null, null, watermark));
      }
    }
    return steps;
  }

  /** The join as a Flink operator drives it: one state per key, watermarks to every key. */
  private static Map<String, JoinOutcome> run(List<Step> steps, boolean throughBytes) {
    Map<String, LabelJoinState> states = new HashMap<>();
    Map<String, JoinOutcome> outcomes = new HashMap<>();
    long watermark = Long.MIN_VALUE;
    for (Step step : steps) {
      List<JoinOutcome> emitted = new ArrayList<>();
      if (step.watermark() != null) {
        watermark = step.watermark();
        for (Map.Entry<String, LabelJoinState> entry : states.entrySet()) {
          if (entry.getValue().nextTimer() <= watermark) {
            emitted.addAll(entry.getValue().onWatermark(watermark));
          }
        }
        states.values().removeIf(LabelJoinState::isEmpty);
      } else if (step.prediction() != null) {
        LabelJoinState state = state(states, step.prediction().key(), throughBytes);
        emitted.addAll(state.onPrediction(step.prediction(), watermark));
      } else {
        LabelJoinState state = state(states, step.label().key(), throughBytes);
        emitted.addAll(state.onLabel(step.label(), watermark));
      }
      for (JoinOutcome outcome : emitted) {
        JoinOutcome before = outcomes.put(outcome.prediction().requestId(), outcome);
        assertEquals(null, before, "a second outcome for " + outcome.prediction());
      }
    }
    for (LabelJoinState state : states.values()) {
      state.onWatermark(Long.MAX_VALUE).forEach(o -> outcomes.put(o.prediction().requestId(), o));
      assertTrue(state.isEmpty());
    }
    return outcomes;
  }

  /** The key's state, sometimes written to bytes and read back as a checkpoint would. */
  private static LabelJoinState state(
      Map<String, LabelJoinState> states, String key, boolean throughBytes) {
    LabelJoinState state = states.computeIfAbsent(key, k -> new LabelJoinState(WAIT));
    if (throughBytes) {
      state = WritableState.fromBytes(state.toBytes(), LabelJoinState::read);
      states.put(key, state);
    }
    return state;
  }

  /**
   * The rules over the whole log: with W(i) the watermark before step i, a prediction p is LATE
   * when tp <= W(p); otherwise it gets the first label, in arrival order, of its key with tl in
   * [tp, tp + wait] that arrived before the first watermark reaching tp + wait; otherwise
   * UNLABELLED.
   */
  private static Map<String, JoinOutcome> bruteForce(List<Step> steps) {
    Map<String, JoinOutcome> outcomes = new HashMap<>();
    for (int i = 0; i < steps.size(); i++) {
      Prediction p = steps.get(i).prediction();
      if (p == null) {
        continue;
      }
      if (p.time() <= watermarkBefore(steps, i)) {
        outcomes.put(p.requestId(), new JoinOutcome(p, JoinOutcome.Status.LATE, null));
        continue;
      }
      JoinOutcome outcome = new JoinOutcome(p, JoinOutcome.Status.UNLABELLED, null);
      for (Step step : steps) {
        if (step.watermark() != null && step.watermark() >= p.time() + WAIT) {
          break;
        }
        LabelEvent label = step.label();
        if (label != null
            && label.key().equals(p.key())
            && label.time() >= p.time()
            && label.time() <= p.time() + WAIT) {
          outcome = new JoinOutcome(p, JoinOutcome.Status.LABELLED, label);
          break;
        }
      }
      outcomes.put(p.requestId(), outcome);
    }
    return outcomes;
  }

  private static long watermarkBefore(List<Step> steps, int index) {
    long watermark = Long.MIN_VALUE;
    for (int i = 0; i < index; i++) {
      if (steps.get(i).watermark() != null) {
        watermark = steps.get(i).watermark();
      }
    }
    return watermark;
  }
}
