package dev.tributary.core.defs;

import dev.tributary.core.expr.Expression;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A named, versioned group of features over one source and one entity.
 *
 * @param filterOrNull events for which this is not true are ignored by the view; null for none
 * @param ttl zero for none; otherwise every feature of an entity is null once its newest event is
 *     older than the as-of time minus the TTL
 * @param version a stable hash of everything that changes the view's values (see {@link
 *     ViewVersion})
 */
public record FeatureView(
    String name,
    String description,
    Entity entity,
    Source source,
    List<KeyBinding> keys,
    Expression filterOrNull,
    Duration ttl,
    boolean online,
    boolean offline,
    List<Feature> features,
    String version,
    SourceLocation at)
    implements Serializable {

  public FeatureView {
    keys = List.copyOf(keys);
    features = List.copyOf(features);
  }

  /** The filter; Optional is not serializable, so the component is nullable and this is not. */
  public Optional<Expression> filter() {
    return Optional.ofNullable(filterOrNull);
  }

  /**
   * The name of this version's history table in namespace {@code features}, and its Redis prefix.
   */
  public String versionedName() {
    return name + "__" + version;
  }

  public Optional<Feature> feature(String featureName) {
    return features.stream().filter(f -> f.name().equals(featureName)).findFirst();
  }
}
