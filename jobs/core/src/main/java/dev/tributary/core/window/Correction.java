package dev.tributary.core.window;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a late event does to rows already emitted by {@link StreamingChangePoints}: the rows to
 * write (new validFroms, or existing validFroms with new values) and the validFroms of rows to
 * delete, all with {@code validFrom > ts} of the late event. Applying both to the emitted history
 * gives exactly the history that sorted input would have produced.
 *
 * @param rejected true when the event was older than the allowed lateness and changed nothing
 * @param upserted rows to insert or overwrite, ascending by validFrom
 * @param removed validFroms of rows that no longer exist, ascending
 */
public record Correction(boolean rejected, List<ChangePoint> upserted, List<Long> removed) {

  /** The event only affects times not yet emitted. */
  public static final Correction NONE = new Correction(false, List.of(), List.of());

  /** The event was too late; it must go to the dead-letter output. */
  public static final Correction REJECTED = new Correction(true, List.of(), List.of());

  public Correction {
    upserted = List.copyOf(upserted);
    removed = List.copyOf(removed);
  }

  /** True when no emitted row changes. */
  public boolean isEmpty() {
    return upserted.isEmpty() && removed.isEmpty();
  }

  /** The difference from the rows {@code before} to the rows {@code after} over the same range. */
  static Correction between(List<ChangePoint> before, List<ChangePoint> after) {
    Map<Long, ChangePoint> old = new HashMap<>();
    before.forEach(row -> old.put(row.validFrom(), row));
    List<ChangePoint> upserted = new ArrayList<>();
    Set<Long> kept = new HashSet<>();
    for (ChangePoint row : after) {
      kept.add(row.validFrom());
      if (!row.equals(old.get(row.validFrom()))) {
        upserted.add(row);
      }
    }
    List<Long> removed =
        before.stream().map(ChangePoint::validFrom).filter(t -> !kept.contains(t)).toList();
    return new Correction(false, upserted, removed);
  }
}
