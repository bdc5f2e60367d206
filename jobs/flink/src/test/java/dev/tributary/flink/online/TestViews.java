package dev.tributary.flink.online;

import dev.tributary.core.defs.Feature;
import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.types.ValueType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Views for the online store tests: the example definitions, and one with every type and no TTL.
 */
final class TestViews {
  private static final String ALL_TYPES =
      """
      entities:
        - name: thing
          keys: {id: string, n: long}
      sources:
        - name: things
          topic: things
          schema: {id: string, n: long, t: timestamp, b: boolean, l: long, d: double, s: string}
          event_time: t
      feature_views:
        - name: all_types
          entity: thing
          source: things
          keys: {id: id, n: n}
          features:
            - {name: last_b, aggregation: last, input: b}
            - {name: last_l, aggregation: last, input: l}
            - {name: last_d, aggregation: last, input: d}
            - {name: last_s, aggregation: last, input: s}
            - {name: last_t, aggregation: last, input: t}
            - {name: recent_l, aggregation: last_n, input: l, n: 3}
            - {name: recent_d, aggregation: last_n, input: d, n: 3}
            - {name: recent_s, aggregation: last_n, input: s, n: 3}
        - name: short_lived
          entity: thing
          source: things
          keys: {id: id, n: n}
          ttl: 1s
          features:
            - {name: last_l, aggregation: last, input: l}
      """;

  private TestViews() {}

  /** The checkout's {@code feature-defs}. */
  static FeatureRepository examples() {
    return FeatureRepository.load(repoRoot().resolve("feature-defs"));
  }

  static FeatureView example(String name) {
    return examples().view(name).orElseThrow();
  }

  /** {@code all_types}: last and last_n of every type, a two-column key, no TTL. */
  static FeatureView allTypes(Path folder) {
    return things(folder).view("all_types").orElseThrow();
  }

  /** {@code short_lived}: one feature of the same entity as {@code all_types}, a TTL of 1 s. */
  static FeatureView shortLived(Path folder) {
    return things(folder).view("short_lived").orElseThrow();
  }

  private static FeatureRepository things(Path folder) {
    try {
      Files.writeString(folder.resolve("defs.yaml"), ALL_TYPES);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return FeatureRepository.load(folder);
  }

  /** Values of the view's types derived from {@code n}, so different n give different values. */
  static Object[] values(FeatureView view, long n) {
    Object[] values = new Object[view.features().size()];
    for (int i = 0; i < values.length; i++) {
      Feature feature = view.features().get(i);
      ValueType type = feature.resultType();
      Object value = value(type, n + i);
      values[i] = feature.aggregation().producesList() ? List.of(value, value(type, n - 1)) : value;
    }
    return values;
  }

  private static Object value(ValueType type, long n) {
    return switch (type) {
      case BOOLEAN -> n % 2 == 0;
      case LONG, TIMESTAMP -> n;
      case DOUBLE -> n / 8.0 - 0.1;
      case STRING -> "s," + n;
    };
  }

  static Path repoRoot() {
    String root = System.getProperty("tributary.repo.root");
    Path dir = root != null ? Path.of(root) : Path.of("").toAbsolutePath();
    while (!Files.isDirectory(dir.resolve("feature-defs"))) {
      dir = dir.getParent();
    }
    return dir;
  }
}
