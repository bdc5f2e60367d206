package dev.tributary.core.online;

import dev.tributary.core.defs.Feature;
import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.types.ValueType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * One view's records inside the online store's entity values, and back: the one codec that the
 * writer, the serving API, the scoring job and every test share.
 *
 * <p>An entity's Redis value (a string, key {@code {<entity key>}}, see {@link
 * dev.tributary.core.keys.OnlineKeys}) is a sequence of <b>sections</b>, one per view version
 * written for the entity:
 *
 * <pre>
 *   section = view id (4 bytes) | payload length (2, unsigned) | expires at (8, UTC ms, 0 = never)
 *             | payload
 *   payload = as-of (8, signed, UTC ms) | presence bitmap (ceil(features / 8)) | present values
 * </pre>
 *
 * All integers big-endian, as the write script reads them with Lua's {@code struct.unpack}. The
 * view id is the first 4 bytes of SHA-256 over the versioned name ({@code
 * origin_delays__8e4736bd}): a new view version gets a new section, the old one ends by its own
 * expiry. Bit {@code i} of the bitmap says feature {@code i} (in the view's feature order) has a
 * value; values are {@link CompactValueBytes}. The section of a view is written whole or not at all
 * by the write script, so a feature that became null disappears and a reader never sees old and new
 * values mixed. {@code expires at} is set by the script from the server's clock (write time + the
 * view's TTL); a section past it reads as absent (see {@link #decode(byte[], long)}).
 *
 * <p>Instances are immutable and thread-safe; build one per view and reuse it.
 */
public final class OnlineRecordCodec {
  /** Bytes of a section before its payload: view id, payload length, expiry. */
  public static final int SECTION_HEADER = 14;

  /** The largest payload a section's 2-byte length holds. */
  public static final int MAX_PAYLOAD = 0xFFFF;

  private final String view;
  private final List<Feature> features;
  private final ValueType[] types;
  private final boolean[] lists;
  private final byte[] id;

  private OnlineRecordCodec(FeatureView view) {
    this.view = view.versionedName();
    this.features = view.features();
    int size = features.size();
    this.types = new ValueType[size];
    this.lists = new boolean[size];
    for (int i = 0; i < size; i++) {
      Feature feature = features.get(i);
      types[i] = feature.resultType();
      lists[i] = feature.aggregation().producesList();
    }
    this.id = viewId(view);
  }

  public static OnlineRecordCodec of(FeatureView view) {
    return new OnlineRecordCodec(view);
  }

  /** The 4-byte id of a view version's section: SHA-256 of its versioned name, first 4 bytes. */
  public static byte[] viewId(FeatureView view) {
    return viewId(view.versionedName());
  }

  /**
   * The section id of the view version named {@code versionedName} ({@code <view>__<version>}), for
   * tools that know a version only by name, such as the purge of a retired one.
   */
  public static byte[] viewId(String versionedName) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(versionedName.getBytes(StandardCharsets.UTF_8));
      return Arrays.copyOf(digest, 4);
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException("every JVM has SHA-256", impossible);
    }
  }

  /** This view's section id (a copy). */
  public byte[] viewId() {
    return id.clone();
  }

  /** The section id in hex, as plans and docs print it. */
  public String viewIdHex() {
    return HexFormat.of().formatHex(id);
  }

  /**
   * The payload of a record: what the writer sends for the script to put into the section.
   *
   * @param values one value per feature of the view, in the view's order
   * @throws IllegalArgumentException when the count or a value's Java type does not match the view,
   *     or the payload is larger than {@value #MAX_PAYLOAD} bytes
   */
  public byte[] encode(long asOf, Object[] values) {
    if (values.length != types.length) {
      throw new IllegalArgumentException(
          "view "
              + view
              + " has "
              + types.length
              + " features "
              + names()
              + " but the update has "
              + values.length
              + " values "
              + Arrays.toString(values));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(8 + types.length * 9);
    CompactValueBytes.writeLong(asOf, out);
    byte[] present = new byte[(types.length + 7) / 8];
    for (int i = 0; i < values.length; i++) {
      if (values[i] != null) {
        present[i / 8] |= (byte) (1 << (i % 8));
      }
    }
    out.write(present, 0, present.length);
    for (int i = 0; i < values.length; i++) {
      if (values[i] != null) {
        encodeValue(i, values[i], out);
      }
    }
    if (out.size() > MAX_PAYLOAD) {
      throw new IllegalArgumentException(
          "view "
              + view
              + ": the values as of "
              + asOf
              + " take "
              + out.size()
              + " bytes, more than the "
              + MAX_PAYLOAD
              + " an online record holds; shorten its strings or last_n lists");
    }
    return out.toByteArray();
  }

  /**
   * One section of this view as the write script stores it: for tests and tools that build stored
   * values without Redis.
   *
   * @param expiresAt UTC ms, 0 for never
   * @param payload what {@link #encode} returned
   */
  public byte[] section(long expiresAt, byte[] payload) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(SECTION_HEADER + payload.length);
    out.write(id, 0, id.length);
    out.write(payload.length >>> 8);
    out.write(payload.length);
    CompactValueBytes.writeLong(expiresAt, out);
    out.write(payload, 0, payload.length);
    return out.toByteArray();
  }

  /**
   * This view's record in an entity's stored value; null when the value is null (no key), holds no
   * section of this view, or holds one whose expiry is before {@code nowMillis} (Redis removes such
   * sections at the entity's next write, and the whole key once every section expired).
   *
   * @throws IllegalArgumentException when the value was not written by the online store's writer
   */
  public OnlineRecord decode(byte[] stored, long nowMillis) {
    if (stored == null) {
      return null;
    }
    int at = 0;
    while (at < stored.length) {
      if (stored.length - at < SECTION_HEADER) {
        throw malformed("a section header is cut off at byte " + at, stored);
      }
      CompactValueBytes.Reader header = new CompactValueBytes.Reader(stored, at, stored.length);
      byte[] sectionId = header.take(4);
      int length = header.readUnsignedShort();
      long expiresAt = header.readLong();
      int payload = at + SECTION_HEADER;
      if (stored.length - payload < length) {
        throw malformed("the section at byte " + at + " runs past the value's end", stored);
      }
      if (Arrays.equals(sectionId, id) && (expiresAt == 0 || expiresAt >= nowMillis)) {
        return decodePayload(stored, payload, payload + length);
      }
      at = payload + length;
    }
    return null;
  }

  private OnlineRecord decodePayload(byte[] bytes, int from, int end) {
    CompactValueBytes.Reader in = new CompactValueBytes.Reader(bytes, from, end);
    int position = -1;
    try {
      long asOf = in.readLong();
      byte[] present = in.take((types.length + 7) / 8);
      Object[] values = new Object[types.length];
      for (position = 0; position < types.length; position++) {
        if ((present[position / 8] & (1 << (position % 8))) != 0) {
          values[position] =
              lists[position] ? in.readList(types[position]) : in.read(types[position]);
        }
      }
      if (!in.atEnd()) {
        throw new IllegalArgumentException(in.remaining() + " byte(s) follow the last value");
      }
      return new OnlineRecord(asOf, Arrays.asList(values));
    } catch (IllegalArgumentException e) {
      String where =
          position < 0 || position >= types.length
              ? ""
              : ", feature " + features.get(position).name() + " (" + position + ")";
      throw new IllegalArgumentException(
          "online record of view "
              + view
              + where
              + ": "
              + e.getMessage()
              + ". Was it written by something else than OnlineStoreWriter?",
          e);
    }
  }

  private IllegalArgumentException malformed(String what, byte[] stored) {
    return new IllegalArgumentException(
        "online value read for view "
            + view
            + " is no sequence of sections: "
            + what
            + " ("
            + stored.length
            + " bytes). Was it written by something else than OnlineStoreWriter?");
  }

  private void encodeValue(int position, Object value, ByteArrayOutputStream out) {
    ValueType type = types[position];
    if (lists[position]) {
      if (!(value instanceof List<?> list)) {
        throw typeMismatch(position, value);
      }
      list.forEach(element -> checkJavaType(position, element));
      CompactValueBytes.writeList(type, list, out);
      return;
    }
    checkJavaType(position, value);
    CompactValueBytes.write(type, value, out);
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
