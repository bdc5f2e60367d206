package dev.tributary.core.rejection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tributary.core.records.RecordRejection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Parallel readers count apart and merge: the merged tally equals one reader's count of all the
 * records, checked against a plain recount, on random records with a replayable seed.
 */
class RejectionTallyTest {
  private static final long SEED = Long.getLong("tributary.seed", System.nanoTime());

  @Test
  void mergedTalliesOfReadersCountAsOneReaderOfEverything() {
    Random random = new Random(SEED);
    String[] kinds = {"field 'delay': expected long", "field 'origin': missing (empty)", "wide"};
    for (int round = 0; round < 50; round++) {
      int readers = 1 + random.nextInt(4);
      List<RejectionTally> parts = new ArrayList<>();
      for (int i = 0; i < readers; i++) {
        parts.add(new RejectionTally());
      }
      RejectionTally whole = new RejectionTally();
      Map<String, long[]> expected = new LinkedHashMap<>();
      Map<String, String> firstOfKind = new LinkedHashMap<>();
      int records = random.nextInt(500);
      // reader i handles a contiguous slice, as a file per task would; merged in reader order
      int[] cut = new int[readers + 1];
      cut[readers] = records;
      for (int i = 1; i < readers; i++) {
        cut[i] = cut[i - 1] + random.nextInt(records - cut[i - 1] + 1);
      }
      for (int reader = 0; reader < readers; reader++) {
        for (int r = cut[reader]; r < cut[reader + 1]; r++) {
          String input = random.nextBoolean() ? "events of flights" : "spine rows of flights";
          int fate = random.nextInt(4);
          RecordRejection rejection =
              fate == 0
                  ? new RecordRejection("problem " + r, kinds[random.nextInt(kinds.length)])
                      .at("f.csv line " + (r + 2))
                  : null;
          for (RejectionTally tally : List.of(parts.get(reader), whole)) {
            InputTally counts = tally.input(input);
            counts.countRead();
            if (rejection != null) {
              counts.countRejected(rejection);
            } else if (fate != 1) {
              counts.countUsed();
            }
          }
          long[] counts = expected.computeIfAbsent(input, i -> new long[3]);
          counts[0]++;
          if (rejection != null) {
            counts[2]++;
            firstOfKind.putIfAbsent(input + "/" + rejection.kind(), rejection.reason());
          } else if (fate != 1) {
            counts[1]++;
          }
        }
      }
      RejectionTally merged = new RejectionTally();
      parts.forEach(merged::merge);

      String seed = "seed " + SEED + ", round " + round;
      assertEquals(expected.keySet(), merged.inputs().keySet(), seed);
      for (Map.Entry<String, InputTally> input : merged.inputs().entrySet()) {
        long[] counts = expected.get(input.getKey());
        InputTally tally = input.getValue();
        assertEquals(counts[0], tally.read(), seed);
        assertEquals(counts[1], tally.used(), seed);
        assertEquals(counts[2], tally.rejected(), seed);
        assertEquals(counts[0] - counts[1] - counts[2], tally.notNeeded(), seed);
        InputTally one = whole.input(input.getKey());
        assertEquals(one.countsByKind(), tally.countsByKind(), seed);
        for (InputTally.Kind kind : tally.kinds()) {
          assertEquals(
              firstOfKind.get(input.getKey() + "/" + kind.kind()), kind.firstReason(), seed);
        }
      }
      assertEquals(whole.rejected(), merged.rejected(), seed);
    }
  }

  @Test
  void kindsComeMostFrequentFirstTiesInTheOrderFirstSeen() {
    InputTally tally = new InputTally();
    for (String kind : List.of("b", "a", "c", "a", "c", "d")) {
      tally.countRead();
      tally.countRejected(new RecordRejection(kind + " here", kind));
    }
    assertEquals(List.of("a", "c", "b", "d"), List.copyOf(tally.countsByKind().keySet()));
  }
}
