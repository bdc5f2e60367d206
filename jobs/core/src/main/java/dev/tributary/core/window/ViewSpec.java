package dev.tributary.core.window;

import dev.tributary.core.agg.AggregateSpec;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The aggregate features of one feature view over one entity, and the view's TTL.
 *
 * <p>TTL rule: as of time {@code t}, when the entity's newest event with {@code ts < t} is older
 * than {@code t - ttlMillis} (or there is no such event), every feature of the view is null, count
 * included. A {@code ttlMillis} of 0 means no TTL: an entity without events in a window then has
 * count 0, sum 0 and null for the other functions.
 *
 * @param features the features, in the order of event inputs and result values
 * @param ttlMillis the time to live in ms, or 0 for none
 */
public record ViewSpec(List<AggregateSpec> features, long ttlMillis) {

  /** The {@link #lookbackMillis()} of a view with a lifetime feature: every event ever counts. */
  public static final long UNBOUNDED = Long.MAX_VALUE;

  public ViewSpec {
    features = List.copyOf(Objects.requireNonNull(features, "features"));
    if (features.isEmpty()) {
      throw new IllegalArgumentException("a view needs at least one aggregate feature");
    }
    Set<String> names = new HashSet<>();
    for (AggregateSpec feature : features) {
      if (!names.add(feature.name())) {
        throw new IllegalArgumentException(
            "feature " + feature.name() + " appears twice in a view");
      }
    }
    if (ttlMillis < 0) {
      throw new IllegalArgumentException("ttl must be positive, or 0 for none, got " + ttlMillis);
    }
  }

  /** A view without TTL. */
  public static ViewSpec of(AggregateSpec... features) {
    return new ViewSpec(List.of(features), 0);
  }

  public boolean hasTtl() {
    return ttlMillis > 0;
  }

  /**
   * Lookback rule: how far before a time {@code t} an event can still change the values as of
   * {@code t}, {@code max(W + H, TTL)} over the features. A window's tail is hop-aligned, so it
   * reaches back less than W + H; the TTL asks whether the newest event is older than {@code t -
   * TTL}. An entity whose events are all older than that has the values of an entity without
   * events. A lifetime feature depends on every event: {@link #UNBOUNDED}.
   *
   * <p>A batch job reads this far back before the first time it computes; the streaming job drops
   * an entity's state this long after its newest event.
   */
  public long lookbackMillis() {
    long lookback = ttlMillis;
    for (AggregateSpec feature : features) {
      if (feature.isLifetime()) {
        return UNBOUNDED;
      }
      lookback = Math.max(lookback, feature.windowMillis() + feature.hopMillis());
    }
    return lookback;
  }

  public int size() {
    return features.size();
  }

  public AggregateSpec feature(int index) {
    return features.get(index);
  }

  /**
   * The values of an entity that has no event before the query time: all null under a TTL (the
   * entity is expired), otherwise each feature's empty result.
   */
  public Object[] valuesWithoutEvents() {
    Object[] values = new Object[features.size()];
    if (!hasTtl()) {
      for (int i = 0; i < values.length; i++) {
        values[i] = features.get(i).emptyResult();
      }
    }
    return values;
  }

  void checkInputs(Object[] inputs) {
    if (inputs.length != features.size()) {
      throw new IllegalArgumentException(
          "an event carries "
              + inputs.length
              + " inputs, the view has "
              + features.size()
              + " features "
              + features.stream().map(AggregateSpec::name).toList());
    }
  }
}
