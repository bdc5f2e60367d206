package dev.tributary.core.monitor.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tributary.core.defs.DriftThresholds;
import dev.tributary.core.monitor.WritableState;
import dev.tributary.core.monitor.ab.AbLooks;
import dev.tributary.core.monitor.ab.VersionQualities;
import dev.tributary.core.training.BaselineStatistics;
import dev.tributary.core.training.FeatureBaseline;
import dev.tributary.core.window.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The monitor job keeps these states as bytes and merges hours into days: a state that went through
 * bytes and merges must say exactly what one fed every value directly says.
 */
class ServingWindowTest {

  @Test
  void bytesAndMergesChangeNoStatistic() {
    long seed = Seeds.base();
    Random random = new Random(seed);
    List<String> inputs = List.of("v__a", "v__b", "v__c");
    List<FeatureBaseline> stats = new ArrayList<>();
    for (String column : List.of("v__c", "v__a")) {
      BaselineStatistics b = new BaselineStatistics(column, 10);
      double[] values = random.doubles(2_000).toArray();
      for (double v : values) {
        b.observe(v);
      }
      b.fixEdges();
      for (double v : values) {
        b.count(v);
      }
      stats.add(b.result());
    }
    DriftFeatures features = DriftFeatures.of(inputs, stats);
    assertEquals(List.of("v__b"), features.unmeasured(), "no baseline, not measured");
    ServingWindow whole = new ServingWindow(features);
    ServingWindow merged = new ServingWindow(features);
    for (int part = 0; part < 3; part++) {
      ServingWindow piece = new ServingWindow(features);
      for (int i = 0; i < 100; i++) {
        double[] values = {random.nextDouble(), random.nextDouble(), Double.NaN};
        if (random.nextInt(10) == 0) {
          values[0] = Double.NaN;
        }
        ServedPrediction p =
            new ServedPrediction("1", i, 0.5, values, random.nextInt(5_000), 10_000 + i);
        whole.add(p, features);
        piece.add(p, features);
      }
      merged.merge(WritableState.fromBytes(piece.toBytes(), ServingWindow::read));
    }
    DriftThresholds thresholds = DriftThresholds.DEFAULTS;
    assertEquals(300, merged.requests());
    assertEquals(
        whole.drift(features, thresholds).stream()
            .map(d -> List.of(d.psi(), d.liveNullRate()))
            .toList(),
        merged.drift(features, thresholds).stream()
            .map(d -> List.of(d.psi(), d.liveNullRate()))
            .toList(),
        "seed " + seed);
    assertEquals(whole.requestLatency(), merged.requestLatency());
    assertEquals(whole.inferenceLatency(), merged.inferenceLatency());
    assertEquals("v__a", merged.drift(features, thresholds).get(0).feature(), "model order");
  }

  @Test
  void abLooksThroughBytesGiveTheSameResults() {
    Random random = new Random(Seeds.base());
    AbLooks direct = new AbLooks(0.5, 0.05, 10);
    AbLooks stored = new AbLooks(0.5, 0.05, 10);
    for (int hour = 0; hour < 5; hour++) {
      VersionQualities quality = new VersionQualities(0.5);
      for (int i = 0; i < 200; i++) {
        boolean label = random.nextBoolean();
        quality.add("10", label ? 0.7 * random.nextDouble() + 0.3 : random.nextDouble(), label);
        quality.add("9", random.nextDouble(), random.nextBoolean());
      }
      VersionQualities copy = WritableState.fromBytes(quality.toBytes(), VersionQualities::read);
      var expected = direct.look(quality);
      var actual = stored.look(copy);
      stored = WritableState.fromBytes(stored.toBytes(), AbLooks::read);
      assertEquals(expected.toString(), actual.toString());
      assertEquals("9", actual.get(0).control(), "versions in numeric order: 9 before 10");
    }
  }
}
