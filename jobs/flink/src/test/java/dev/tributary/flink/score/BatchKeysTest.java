package dev.tributary.flink.score;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Set;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Flink places the batcher keys evenly over the instances, by Flink's own key-group assignment. */
class BatchKeysTest {
  @ParameterizedTest
  @CsvSource({"1,2,128", "2,2,128", "1,3,128", "4,4,256", "1,1,128", "3,5,128"})
  void everyInstanceGetsTheSameNumberOfKeysAndRequestsUseThemAll(
      int perInstance, int parallelism, int maxParallelism) {
    BatchKeys keys = BatchKeys.spread(perInstance, parallelism, maxParallelism);
    assertEquals(perInstance * parallelism, keys.count());
    int[] perOperator = new int[parallelism];
    Set<Integer> used = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      ScoreRequest request = new ScoreRequest();
      request.requestId = "request-" + i;
      int key = keys.of(request);
      if (used.add(key)) {
        perOperator[
            KeyGroupRangeAssignment.assignKeyToParallelOperator(
                key, maxParallelism, parallelism)]++;
      }
    }
    assertEquals(keys.count(), used.size(), "requests reach every key");
    for (int instance = 0; instance < parallelism; instance++) {
      assertEquals(perInstance, perOperator[instance], "keys on instance " + instance);
    }
  }
}
