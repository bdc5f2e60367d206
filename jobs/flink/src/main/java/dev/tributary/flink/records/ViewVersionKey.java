package dev.tributary.flink.records;

import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.view.ViewProgram;
import java.util.HashMap;
import java.util.List;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * The key of the operator that keeps a view's change points per entity: the view version's name
 * ({@link FeatureView#versionedName()}) and the entity key, as {@code
 * origin_delays__<version>:KEY}.
 *
 * <p>Keyed state and timers live under this key, and a savepoint outlives the job's list of views:
 * an apply that adds a view or a version (a changed view's earlier version is materialized beside
 * the new one) can put every view at another position. Keyed by the view's name and version, a job
 * restored from a savepoint finds each unchanged view version's state whatever its position, and a
 * key of a version the job no longer materializes names that version ({@link #viewOf} is -1), so
 * its state is never taken for another view's.
 *
 * <p>{@link ViewEvent}s carry the view's index in this job's list (a small int on the wire); only
 * the key, which is what Flink stores, carries the name.
 */
public final class ViewVersionKey implements KeySelector<ViewEvent, String> {
  private static final long serialVersionUID = 1L;

  /** Never in a view name or version (identifiers and hex digits), so the first one splits. */
  private static final char SEPARATOR = ':';

  /** By view index: the key prefix of the view's entities. */
  private final String[] prefixes;

  private final HashMap<String, Integer> indexByName = new HashMap<>();

  /**
   * @param programs the job's views, in the order their index in {@link ViewEvent#view} refers to
   */
  public ViewVersionKey(List<ViewProgram> programs) {
    prefixes = new String[programs.size()];
    for (int i = 0; i < programs.size(); i++) {
      String name = programs.get(i).view().versionedName();
      prefixes[i] = name + SEPARATOR;
      if (indexByName.put(name, i) != null) {
        throw new IllegalArgumentException("view version " + name + " is listed twice");
      }
    }
  }

  @Override
  public String getKey(ViewEvent event) {
    return prefixes[event.view] + event.key;
  }

  /**
   * The index of the view version of {@code key} in this job's list, or -1 when the job does not
   * materialize that version (a key restored from a savepoint of a job with other views).
   */
  public int viewOf(String key) {
    int end = key.indexOf(SEPARATOR);
    return end < 0 ? -1 : indexByName.getOrDefault(key.substring(0, end), -1);
  }

  /** The view version's name of {@code key}: what precedes the entity key. */
  public static String versionedNameOf(String key) {
    int end = key.indexOf(SEPARATOR);
    return end < 0 ? key : key.substring(0, end);
  }

  /** The encoded entity key of {@code key}. */
  public static String entityOf(String key) {
    return key.substring(key.indexOf(SEPARATOR) + 1);
  }
}
