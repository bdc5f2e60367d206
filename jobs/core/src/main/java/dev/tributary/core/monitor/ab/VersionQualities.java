package dev.tributary.core.monitor.ab;

import dev.tributary.core.monitor.WritableState;
import dev.tributary.core.monitor.quality.QualityState;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The quality of every version of one model over the same stretch of time (an hour, or since the
 * A/B test started): what each look of an {@link AbTest} compares. Versions sort as numbers when
 * they are numbers ("2" before "10"), else as text.
 */
public final class VersionQualities implements WritableState {
  /** Numeric versions by value, then any others by text. */
  public static final Comparator<String> VERSION_ORDER =
      Comparator.comparing((String v) -> !v.matches("\\d{1,18}"))
          .thenComparing(v -> v.matches("\\d{1,18}") ? Long.parseLong(v) : 0L)
          .thenComparing(Comparator.naturalOrder());

  private final double threshold;
  private final TreeMap<String, QualityState> versions = new TreeMap<>(VERSION_ORDER);

  public VersionQualities(double threshold) {
    this.threshold = threshold;
  }

  /** One labelled prediction of {@code version}. */
  public void add(String version, double score, boolean label) {
    versions.computeIfAbsent(version, v -> new QualityState(threshold)).add(score, label);
  }

  public void merge(VersionQualities other) {
    other.versions.forEach(
        (version, quality) ->
            versions.computeIfAbsent(version, v -> new QualityState(threshold)).merge(quality));
  }

  /** The versions seen, in {@link #VERSION_ORDER}, with their quality. */
  public Map<String, QualityState> versions() {
    return java.util.Collections.unmodifiableMap(versions);
  }

  @Override
  public void write(DataOutput out) throws IOException {
    out.writeDouble(threshold);
    out.writeInt(versions.size());
    for (Map.Entry<String, QualityState> entry : versions.entrySet()) {
      out.writeUTF(entry.getKey());
      entry.getValue().write(out);
    }
  }

  public static VersionQualities read(DataInput in) throws IOException {
    VersionQualities state = new VersionQualities(in.readDouble());
    for (int i = in.readInt(); i > 0; i--) {
      state.versions.put(in.readUTF(), QualityState.read(in));
    }
    return state;
  }
}
