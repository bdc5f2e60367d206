package dev.tributary.core.training;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The history rows of many entities held in memory, for as-of lookups one time at a time: the build
 * side of a hash as-of join. Rows are added in any order; {@link #seal} sorts each entity's rows
 * once, and every lookup is then a hash lookup and a binary search ({@link AsOfJoin#positionAsOf}).
 *
 * <p>A row's values are kept as the caller holds them (the training-set job keeps them encoded) and
 * handed back as they are. Memory is every row added: a time, a reference and the values.
 *
 * @param <V> a row's values
 */
public final class EntityHistories<V> {
  private final Map<String, Rows> byKey = new HashMap<>();
  private long rows;
  private boolean sealed;

  /**
   * @throws IllegalStateException after {@link #seal}
   */
  public void add(String key, long validFrom, V values) {
    if (sealed) {
      throw new IllegalStateException("rows added after the histories were sealed");
    }
    byKey.computeIfAbsent(key, k -> new Rows()).add(validFrom, values);
    rows++;
  }

  /**
   * Sorts every entity's rows by {@code valid_from}; no row can be added after.
   *
   * @throws IllegalArgumentException naming the entity when two of its rows share a {@code
   *     valid_from}
   */
  public void seal() {
    byKey.forEach(
        (key, entity) -> {
          try {
            entity.sort();
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("entity " + key + ": " + e.getMessage(), e);
          }
        });
    sealed = true;
  }

  /**
   * The values of the entity's row in effect at {@code time} (the greatest {@code valid_from <=
   * time}), or null when the entity has no row that early (or none at all).
   *
   * @throws IllegalStateException before {@link #seal}
   */
  @SuppressWarnings("unchecked")
  public V asOf(String key, long time) {
    if (!sealed) {
      throw new IllegalStateException("lookup before the histories were sealed");
    }
    Rows entity = byKey.get(key);
    if (entity == null) {
      return null;
    }
    int position = AsOfJoin.positionAsOf(entity.validFroms, time);
    return position == AsOfJoin.BEFORE_FIRST_ROW ? null : (V) entity.values[position];
  }

  /** How many rows were added. */
  public long rows() {
    return rows;
  }

  /** One entity's rows: parallel arrays that grow as rows come, trimmed and sorted at the seal. */
  private static final class Rows {
    private long[] validFroms = new long[4];
    private Object[] values = new Object[4];
    private int size;

    void add(long validFrom, Object value) {
      if (size == validFroms.length) {
        validFroms = Arrays.copyOf(validFroms, size * 2);
        values = Arrays.copyOf(values, size * 2);
      }
      validFroms[size] = validFrom;
      values[size] = value;
      size++;
    }

    void sort() {
      validFroms = Arrays.copyOf(validFroms, size);
      values = Arrays.copyOf(values, size);
      AsOfJoin.sortByValidFrom(validFroms, values);
    }
  }
}
