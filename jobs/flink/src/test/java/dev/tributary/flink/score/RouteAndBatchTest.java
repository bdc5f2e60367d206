package dev.tributary.flink.score;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.defs.Scoring;
import dev.tributary.core.score.SplitHistory;
import dev.tributary.core.score.TrafficSplit;
import dev.tributary.flink.FlightsSample;
import dev.tributary.flink.records.DeadLetter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * {@link RouteAndBatch} alone, all requests in one key (so the versions share its state): each
 * batch holds requests of one version only, routed as the split routes them independently; a full
 * batch of one version leaves the other version's requests waiting; the max delay, a restore and
 * the end of input release what waits; every request leaves exactly once.
 */
class RouteAndBatchTest {
  private static final long SEED = Long.getLong("tributary.test.seed", 20261206L);
  private static final Scoring SCORING = FlightsSample.definitions().scorings().get(0);
  private static final long REQUEST_TIME = 978_393_600_000L; // 2001-01-02
  private static final TrafficSplit SPLIT = SplitHistory.of(SCORING).at(REQUEST_TIME);

  @Test
  void fullBatchesHoldOneVersionAndTheMaxDelayReleasesTheRest() throws Exception {
    System.out.println("seed " + SEED + " (-Dtributary.test.seed=... replays)");
    Random random = new Random(SEED);
    Map<String, Long> expected = new HashMap<>();
    List<RequestBatch> full;
    List<RequestBatch> all;
    try (var harness = harness(8)) {
      harness.setProcessingTime(1_000);
      for (int i = 0; i < 500; i++) {
        ScoreRequest request = request("r" + i, "A" + random.nextInt(40) + "-B");
        expected.put(request.requestId, SPLIT.route(request.routingKey, SCORING.name()));
        harness.processElement(request, REQUEST_TIME);
      }
      full = harness.extractOutputValues();
      harness.setProcessingTime(1_006);
      all = harness.extractOutputValues();
    }
    assertTrue(expected.containsValue(1L) && expected.containsValue(2L), "both versions chosen");
    full.forEach(batch -> assertEquals(8, batch.requests.length, "released before the delay"));
    List<RequestBatch> rest = all.subList(full.size(), all.size());
    assertEquals(2, rest.size(), "the delay releases one batch per version");
    assertTrue(rest.stream().allMatch(batch -> batch.requests.length < 8));
    assertEachRequestOnceInABatchOfItsVersion(expected, all);
  }

  @Test
  void pendingRequestsSurviveARestoreAndTheEndOfInputReleasesThem() throws Exception {
    Map<String, Long> expected = new HashMap<>();
    OperatorSubtaskState snapshot;
    try (var harness = harness(64)) {
      for (int i = 0; i < 30; i++) {
        ScoreRequest request = request("p" + i, "C" + i + "-D");
        expected.put(request.requestId, SPLIT.route(request.routingKey, SCORING.name()));
        harness.processElement(request, REQUEST_TIME);
      }
      assertTrue(harness.extractOutputValues().isEmpty(), "nothing released yet");
      snapshot = harness.snapshot(1, 1);
    }
    try (var restored = unopenedHarness(64)) {
      restored.setup();
      restored.initializeState(snapshot);
      restored.open();
      restored.processWatermark(Long.MAX_VALUE);
      restored.processBroadcastWatermark(Long.MAX_VALUE);
      assertEachRequestOnceInABatchOfItsVersion(expected, restored.extractOutputValues());
    }
  }

  @Test
  void aRejectedRequestIsADeadLetterWithItsReason() throws Exception {
    try (var harness = harness(8)) {
      ScoreRequest bad = new ScoreRequest();
      bad.payload = "{not json";
      bad.rejection = "requests@0/7: not JSON";
      harness.processElement(bad, 0);
      assertTrue(harness.extractOutputValues().isEmpty());
      List<DeadLetter> dead = new ArrayList<>();
      harness.getSideOutput(RouteAndBatch.DEAD_LETTERS).forEach(r -> dead.add(r.getValue()));
      assertEquals(1, dead.size());
      assertEquals("{not json", dead.get(0).payload);
      assertTrue(dead.get(0).reason.contains("requests@0/7: not JSON"), dead.get(0).reason);
    }
  }

  private static void assertEachRequestOnceInABatchOfItsVersion(
      Map<String, Long> expected, List<RequestBatch> batches) {
    Map<String, Long> seen = new TreeMap<>();
    for (RequestBatch batch : batches) {
      for (ScoreRequest request : batch.requests) {
        assertEquals(batch.version, request.version, "a batch of one version");
        assertEquals(SPLIT.id(), request.splitId);
        Long before = seen.put(request.requestId, batch.version);
        assertEquals(null, before, request.requestId + " released twice");
      }
    }
    assertEquals(new TreeMap<>(expected), seen);
  }

  private static ScoreRequest request(String id, String routingKey) {
    ScoreRequest request = new ScoreRequest();
    request.payload = "{\"request_id\":\"" + id + "\"}";
    request.requestId = id;
    request.requestTime = REQUEST_TIME;
    request.routingKey = routingKey;
    return request;
  }

  private static KeyedBroadcastOperatorTestHarness<Integer, ScoreRequest, String, RequestBatch>
      harness(int maxRows) throws Exception {
    var harness = unopenedHarness(maxRows);
    harness.setup();
    harness.open();
    return harness;
  }

  private static KeyedBroadcastOperatorTestHarness<Integer, ScoreRequest, String, RequestBatch>
      unopenedHarness(int maxRows) throws Exception {
    return new KeyedBroadcastOperatorTestHarness<>(
        new CoBroadcastWithKeyedOperator<>(
            new RouteAndBatch(SCORING, null, maxRows, Duration.ofMillis(5)),
            List.of(SplitsInForce.STATE)),
        request -> 0,
        Types.INT,
        1,
        1,
        0);
  }
}
