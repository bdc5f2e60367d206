package dev.tributary.core.online;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.FeatureView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A view with a {@code last} and a {@code last_n} feature of every value type, loaded from real
 * definitions so the codec sees exactly what the loader gives the jobs.
 */
final class AllTypesView {
  static final String YAML =
      """
      entities:
        - name: thing
          keys: {id: string}
      sources:
        - name: things
          topic: things
          schema: {id: string, t: timestamp, b: boolean, l: long, d: double, s: string}
          event_time: t
      feature_views:
        - name: %s
          entity: thing
          source: things
          keys: {id: id}
          ttl: 1d
          features:
            - {name: last_b, aggregation: last, input: b}
            - {name: last_l, aggregation: last, input: l}
            - {name: last_d, aggregation: last, input: d}
            - {name: last_s, aggregation: last, input: s}
            - {name: last_t, aggregation: last, input: t}
            - {name: recent_b, aggregation: last_n, input: b, n: 3}
            - {name: recent_l, aggregation: last_n, input: l, n: 3}
            - {name: recent_d, aggregation: last_n, input: d, n: 3}
            - {name: recent_s, aggregation: last_n, input: s, n: 3}
            - {name: recent_t, aggregation: last_n, input: t, n: 3}
      """;

  private AllTypesView() {}

  static FeatureView load(Path folder) {
    return load(folder, "all_types");
  }

  /** The same features under another view name: another version, another online section. */
  static FeatureView load(Path folder, String name) {
    try {
      Files.createDirectories(folder);
      Files.writeString(folder.resolve("defs.yaml"), YAML.formatted(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return FeatureRepository.load(folder).view(name).orElseThrow();
  }
}
