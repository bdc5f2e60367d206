package dev.tributary.core.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.tributary.core.agg.AggregateSpec;
import dev.tributary.core.agg.AggregateState;
import dev.tributary.core.agg.Aggregation;
import dev.tributary.core.types.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@link FoldedTiles} against a {@link TreeMap} under random folds (mostly into the newest or a
 * newer tile, sometimes into an older one), drops and copies.
 */
class FoldedTilesTest {

  private static final AggregateSpec COUNT =
      AggregateSpec.windowed("n", Aggregation.COUNT, ValueType.BOOLEAN, 100, 10);

  @Test
  void holdsTheTilesASortedMapWouldHold() {
    long base = Seeds.base();
    for (int round = 0; round < 300; round++) {
      long seed = base + round;
      Random random = new Random(seed);
      FoldedTiles tiles = new FoldedTiles();
      TreeMap<Long, AggregateState> expected = new TreeMap<>();
      long newest = 0;
      for (int step = 0; step < 200; step++) {
        int action = random.nextInt(10);
        if (action < 7) {
          long bucket =
              random.nextInt(8) == 0 ? newest - random.nextInt(20) : newest + random.nextInt(3);
          newest = Math.max(newest, bucket);
          AggregateState tile = tiles.tileFor(bucket, COUNT::newState);
          assertSame(
              expected.computeIfAbsent(bucket, b -> tile), tile, "seed " + seed + ": " + bucket);
        } else if (action < 9) {
          long firstKept = newest - random.nextInt(30);
          tiles.dropBefore(firstKept);
          expected.headMap(firstKept).clear();
        } else {
          FoldedTiles copy = tiles.copy();
          for (int i = 0; i < tiles.size(); i++) {
            assertNotSame(tiles.state(i), copy.state(i), "seed " + seed + ": copied state");
          }
          tiles = copy;
          expected.replaceAll((bucket, state) -> null);
          for (int i = 0; i < tiles.size(); i++) {
            expected.put(tiles.bucket(i), tiles.state(i));
          }
        }
        assertEquals(List.copyOf(expected.entrySet()), entries(tiles), "seed " + seed);
      }
    }
  }

  private static List<Map.Entry<Long, AggregateState>> entries(FoldedTiles tiles) {
    List<Map.Entry<Long, AggregateState>> entries = new ArrayList<>();
    for (int i = 0; i < tiles.size(); i++) {
      entries.add(Map.entry(tiles.bucket(i), tiles.state(i)));
    }
    return entries;
  }
}
