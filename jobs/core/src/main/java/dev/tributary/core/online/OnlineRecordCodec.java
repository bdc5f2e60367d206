package dev.tributary.core.online;

import dev.tributary.core.defs.Feature;
import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.types.ValueType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one entity's online values into the fields of its Redis hash, and back.
 *
 * <p>The hash holds {@value #AS_OF_FIELD} (the as-of time, decimal UTC ms) and one field per
 * feature that has a value; a null feature has no field. A feature's field name is its position in
 * the view's feature list written in base 62 ({@code 0}-{@code 9}, {@code a}-{@code z}, {@code
 * A}-{@code Z}; one character for the first 62 features), never its name: a name is stored once per
 * entity, so {@code mean_delay_24h} would cost 14 bytes in every hash where {@code 5} costs one.
 * The position is stable because a hash belongs to one view version ({@code
 * <view>__<version>:{<entity>}}) and the version hash covers every feature's name and their order:
 * adding, removing, renaming or reordering a feature makes a new version with new keys, so a
 * position can never come to mean another feature. Values are written by {@link CompactValueText}.
 *
 * <p>Instances are immutable and thread-safe; build one per view and reuse it.
 */
public final class OnlineRecordCodec {
  /** The field of every online hash that holds the as-of time of its values. */
  public static final String AS_OF_FIELD = "_as_of";

  private static final String DIGITS =
      "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

  private final String view;
  private final List<Feature> features;
  private final String[] fields;
  private final ValueType[] types;
  private final boolean[] lists;
  private final Map<String, Integer> positions = new LinkedHashMap<>();

  private OnlineRecordCodec(FeatureView view) {
    this.view = view.versionedName();
    this.features = view.features();
    int size = features.size();
    this.fields = new String[size];
    this.types = new ValueType[size];
    this.lists = new boolean[size];
    for (int i = 0; i < size; i++) {
      Feature feature = features.get(i);
      fields[i] = fieldName(i);
      types[i] = feature.resultType();
      lists[i] = feature.aggregation().producesList();
      positions.put(fields[i], i);
    }
  }

  public static OnlineRecordCodec of(FeatureView view) {
    return new OnlineRecordCodec(view);
  }

  /** The hash field of the feature at {@code position} in its view: base 62, shortest form. */
  public static String fieldName(int position) {
    if (position < 0) {
      throw new IllegalArgumentException("feature position " + position + " is negative");
    }
    StringBuilder name = new StringBuilder();
    int rest = position;
    do {
      name.append(DIGITS.charAt(rest % DIGITS.length()));
      rest /= DIGITS.length();
    } while (rest > 0);
    return name.reverse().toString();
  }

  /** The hash fields of the view's features, in feature order: {@code [0, 1, 2, ...]}. */
  public List<String> fieldNames() {
    return List.of(fields);
  }

  /**
   * The feature fields of a record: one entry per non-null value, in feature order, without the
   * as-of field (the writer's script sets that beside them).
   *
   * @param values one value per feature of the view, in the view's order
   * @throws IllegalArgumentException when the count or a value's Java type does not match the view
   */
  public Map<String, String> encodeValues(Object[] values) {
    if (values.length != fields.length) {
      throw new IllegalArgumentException(
          "view "
              + view
              + " has "
              + fields.length
              + " features "
              + names()
              + " but the update has "
              + values.length
              + " values "
              + Arrays.toString(values));
    }
    Map<String, String> hash = new LinkedHashMap<>();
    for (int i = 0; i < values.length; i++) {
      if (values[i] != null) {
        hash.put(fields[i], encodeValue(i, values[i]));
      }
    }
    return hash;
  }

  /** The whole hash of a record: {@link #AS_OF_FIELD} and the feature fields. */
  public Map<String, String> encode(long asOf, Object[] values) {
    Map<String, String> hash = new LinkedHashMap<>();
    hash.put(AS_OF_FIELD, Long.toString(asOf));
    hash.putAll(encodeValues(values));
    return hash;
  }

  /**
   * The record a hash holds; null for an empty hash (a missing key reads as one).
   *
   * @throws IllegalArgumentException when the hash was not written by this codec for this view
   *     version: no as-of field, an unknown field, or a value that does not parse as its type
   */
  public OnlineRecord decode(Map<String, String> hash) {
    if (hash.isEmpty()) {
      return null;
    }
    String asOf = hash.get(AS_OF_FIELD);
    if (asOf == null) {
      throw new IllegalArgumentException(
          "online hash of view "
              + view
              + " has no "
              + AS_OF_FIELD
              + " field; its fields are "
              + hash.keySet()
              + ". Was it written by something else than"
              + " OnlineStoreWriter?");
    }
    Object[] values = new Object[fields.length];
    for (Map.Entry<String, String> field : hash.entrySet()) {
      if (field.getKey().equals(AS_OF_FIELD)) {
        continue;
      }
      Integer position = positions.get(field.getKey());
      if (position == null) {
        throw new IllegalArgumentException(
            "online hash of view "
                + view
                + " has field '"
                + field.getKey()
                + "', which is none of its "
                + fields.length
                + " features (fields "
                + fieldNames()
                + ")");
      }
      values[position] = decodeValue(position, field.getValue());
    }
    try {
      return new OnlineRecord(Long.parseLong(asOf), Arrays.asList(values));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "online hash of view "
              + view
              + " has "
              + AS_OF_FIELD
              + " '"
              + asOf
              + "', which is not a time in UTC ms",
          e);
    }
  }

  private String encodeValue(int position, Object value) {
    ValueType type = types[position];
    if (lists[position]) {
      if (!(value instanceof List<?> list)) {
        throw typeMismatch(position, value);
      }
      list.forEach(element -> checkJavaType(position, element));
      return CompactValueText.encodeList(type, list);
    }
    checkJavaType(position, value);
    return CompactValueText.encode(type, value);
  }

  private Object decodeValue(int position, String text) {
    try {
      return lists[position]
          ? CompactValueText.decodeList(types[position], text)
          : CompactValueText.decode(types[position], text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "online hash of view "
              + view
              + ", field "
              + fields[position]
              + " (feature "
              + features.get(position).name()
              + "): "
              + e.getMessage(),
          e);
    }
  }

  private void checkJavaType(int position, Object value) {
    if (value != null && !javaClass(types[position]).isInstance(value)) {
      throw typeMismatch(position, value);
    }
  }

  private IllegalArgumentException typeMismatch(int position, Object value) {
    String expected = javaClass(types[position]).getSimpleName();
    return new IllegalArgumentException(
        "view "
            + view
            + ", feature "
            + features.get(position).name()
            + " is "
            + (lists[position] ? "a List of " + expected : expected)
            + " but the update holds "
            + value.getClass().getName()
            + " "
            + value);
  }

  private static Class<?> javaClass(ValueType type) {
    return switch (type) {
      case BOOLEAN -> Boolean.class;
      case LONG, TIMESTAMP -> Long.class;
      case DOUBLE -> Double.class;
      case STRING -> String.class;
    };
  }

  private List<String> names() {
    List<String> names = new ArrayList<>();
    features.forEach(f -> names.add(f.name()));
    return names;
  }
}
