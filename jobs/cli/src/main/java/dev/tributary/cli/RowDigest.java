package dev.tributary.cli;

import dev.tributary.core.view.ViewProgram;
import dev.tributary.core.window.ChangePoint;
import java.util.List;

/**
 * A count and an order-independent 64-bit digest of an entity's history rows: each row's {@code
 * validFrom} and exact feature values hashed to 64 bits, summed. The demo's closing check builds
 * one per entity from the core as its rows come and one from the history table's rows in whatever
 * order the scan gives them, so neither side holds the rows; equal digests mean the same rows
 * (short of a 64-bit collision), and an entity whose digests differ is compared row by row.
 *
 * <p>Values hash with their type, the way {@link Object#equals} compares them (a double by its
 * bits), so values that are not equal give different hashes.
 */
final class RowDigest {
  private static final long NULL = 0x9E3779B97F4A7C15L;

  private long rows;
  private long sum;

  /** Adds one row's {@code validFrom} and exact values. */
  void add(ViewProgram program, ChangePoint row) {
    long hash = mix(row.validFrom());
    for (int i = 0; i < program.spec().size(); i++) {
      if (!ExpectedFeatures.isSketch(program, i)) {
        hash = mix(hash * 31 + valueHash(row.values()[i]));
      }
    }
    rows++;
    sum += hash;
  }

  long rows() {
    return rows;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RowDigest d && d.rows == rows && d.sum == sum;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(rows * 31 + sum);
  }

  private static long valueHash(Object value) {
    if (value == null) {
      return NULL;
    }
    long bits;
    if (value instanceof Double d) {
      bits = Double.doubleToLongBits(d);
    } else if (value instanceof Float f) {
      bits = Float.floatToIntBits(f);
    } else if (value instanceof Number n) {
      bits = n.longValue();
    } else if (value instanceof Boolean b) {
      bits = b ? 1 : 2;
    } else if (value instanceof CharSequence text) {
      bits = textHash(text);
    } else if (value instanceof List<?> list) {
      bits = listHash(list);
    } else {
      bits = value.hashCode();
    }
    return mix(bits ^ value.getClass().getName().hashCode());
  }

  private static long textHash(CharSequence text) {
    long hash = 0xCBF29CE484222325L;
    for (int i = 0; i < text.length(); i++) {
      hash = (hash ^ text.charAt(i)) * 0x100000001B3L;
    }
    return hash;
  }

  private static long listHash(List<?> list) {
    long hash = list.size();
    for (Object element : list) {
      hash = mix(hash * 31 + valueHash(element));
    }
    return hash;
  }

  /** The finalizer of SplitMix64: every input bit changes about half of the output bits. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
