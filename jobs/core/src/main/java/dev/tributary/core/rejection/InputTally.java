package dev.tributary.core.rejection;

import dev.tributary.core.records.RecordRejection;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a batch job made of the records of one input (the events of a source, or the spine's rows):
 * how many it read, used and rejected, the rejections counted by {@linkplain RecordRejection#kind()
 * kind}, and each kind's first rejection spelled out with where it was found.
 *
 * <p>Every record read is either used, rejected, or neither: a good record the job does not need
 * (an event outside the read range, a spine row whose as-of time is outside the set's range).
 * Parallel readers each keep one and {@link #merge} them; not thread-safe.
 */
public final class InputTally implements Serializable {
  private static final long serialVersionUID = 1L;

  private long read;
  private long used;
  private long rejected;

  /** Per kind, in the order first seen: how many, and the first one's full reason. */
  private final LinkedHashMap<String, Kind> kinds = new LinkedHashMap<>();

  /**
   * Rejections of one kind.
   *
   * @param count how many
   * @param firstReason the full reason (place and problem) of the first one seen
   */
  public record Kind(String kind, long count, String firstReason) implements Serializable {}

  /** Counts a record read, whatever becomes of it. */
  public void countRead() {
    read++;
  }

  /** Counts a record the job used. */
  public void countUsed() {
    used++;
  }

  /** Counts a record the job could not use. */
  public void countRejected(RecordRejection rejection) {
    rejected++;
    kinds.merge(
        rejection.kind(),
        new Kind(rejection.kind(), 1, rejection.reason()),
        (old, one) -> new Kind(old.kind(), old.count() + 1, old.firstReason()));
  }

  /** Adds what another reader of the same input counted. */
  public void merge(InputTally other) {
    read += other.read;
    used += other.used;
    rejected += other.rejected;
    other.kinds.forEach(
        (kind, counted) ->
            kinds.merge(
                kind,
                counted,
                (mine, theirs) ->
                    new Kind(kind, mine.count() + theirs.count(), mine.firstReason())));
  }

  public long read() {
    return read;
  }

  public long used() {
    return used;
  }

  public long rejected() {
    return rejected;
  }

  /** Good records the job did not need: read, neither used nor rejected. */
  public long notNeeded() {
    return read - used - rejected;
  }

  /** The rejections' share of the records read, in percent; 0 when nothing was read. */
  public double rejectedPercent() {
    return read == 0 ? 0 : rejected * 100.0 / read;
  }

  /** The kinds of rejection, most frequent first (ties in the order first seen). */
  public List<Kind> kinds() {
    List<Kind> sorted = new ArrayList<>(kinds.values());
    sorted.sort(Comparator.comparingLong(Kind::count).reversed());
    return sorted;
  }

  /** Per kind, how many: for assertions and metrics. */
  public Map<String, Long> countsByKind() {
    Map<String, Long> counts = new LinkedHashMap<>();
    kinds().forEach(k -> counts.put(k.kind(), k.count()));
    return counts;
  }
}
