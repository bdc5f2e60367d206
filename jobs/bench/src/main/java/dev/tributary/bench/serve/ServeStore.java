package dev.tributary.bench.serve;

import dev.tributary.core.defs.Feature;
import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.keys.OnlineKeys;
import dev.tributary.flink.online.OnlineStoreWriter;
import dev.tributary.flink.online.OnlineUpdate;
import dev.tributary.flink.online.RedisOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The online store the serving benchmark reads: {@link #AIRPORTS} airports {@code B0..B999} with
 * their origin and destination values and a route from each to the next, written by the materialize
 * job's {@link OnlineStoreWriter}; and the keys a request of one entity row reads.
 */
final class ServeStore {
  static final int AIRPORTS = 1_000;

  private ServeStore() {}

  /** Writes origin_delays, dest_delays and route_delays of every airport, as of now. */
  static void fill(FeatureRepository repository, RedisOptions options) throws Exception {
    List<FeatureView> views =
        List.of(
            repository.view("origin_delays").orElseThrow(),
            repository.view("dest_delays").orElseThrow(),
            repository.view("route_delays").orElseThrow());
    Random random = new Random(1);
    long now = System.currentTimeMillis();
    List<OnlineUpdate> updates = new ArrayList<>();
    for (int i = 0; i < AIRPORTS; i++) {
      String a = "B" + i;
      String b = "B" + (i + 1) % AIRPORTS;
      updates.add(
          OnlineUpdate.of(views.get(0), List.of(a), now, values(views.get(0), random), null));
      updates.add(
          OnlineUpdate.of(views.get(1), List.of(a), now, values(views.get(1), random), null));
      updates.add(
          OnlineUpdate.of(views.get(2), List.of(a, b), now, values(views.get(2), random), null));
    }
    try (OnlineStoreWriter writer = OnlineStoreWriter.open(options, views)) {
      writer.write(updates);
    }
  }

  /**
   * The Redis keys of entity row {@code airport}: its origin, its destination (the next airport)
   * and the route between them; the raw peer GETs these, the server reads the same.
   */
  static List<byte[]> keysOfRow(int airport) {
    String origin = "B" + airport;
    String destination = "B" + (airport + 1) % AIRPORTS;
    return List.of(
        OnlineKeys.keyBytes(List.of(origin)),
        OnlineKeys.keyBytes(List.of(destination)),
        OnlineKeys.keyBytes(List.of(origin, destination)));
  }

  private static Object[] values(FeatureView view, Random random) {
    Object[] values = new Object[view.features().size()];
    for (int i = 0; i < values.length; i++) {
      Feature feature = view.features().get(i);
      Object one =
          switch (feature.resultType()) {
            case LONG, TIMESTAMP -> (long) random.nextInt(500);
            case DOUBLE -> random.nextGaussian();
            case BOOLEAN -> random.nextBoolean();
            case STRING -> "x";
          };
      values[i] = feature.aggregation().producesList() ? List.of(one, one) : one;
    }
    return values;
  }
}
