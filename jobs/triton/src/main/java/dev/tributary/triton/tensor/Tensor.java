package dev.tributary.triton.tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A named tensor held in the protocol's raw layout: row-major elements, little-endian, no padding
 * (BYTES elements with 4-byte little-endian length prefixes). Keeping the raw bytes, not Java
 * arrays, means a tensor goes to and from {@code raw_input_contents}/{@code raw_output_contents}
 * without a copy per element, and every datatype (FP16, BF16, unsigned) round-trips bit for bit.
 *
 * <p>Unsigned types are exposed as the same-width signed Java type carrying the same bits ({@code
 * 0xFFFFFFFF} reads back as {@code -1} from {@link #asInt32s()}); use {@link
 * Integer#toUnsignedLong(int)} and friends to widen them.
 */
public final class Tensor {

  private final String name;
  private final ElementType type;
  private final long[] shape;
  private final byte[] raw;

  private Tensor(String name, ElementType type, long[] shape, byte[] raw) {
    this.name = Objects.requireNonNull(name, "name");
    this.type = Objects.requireNonNull(type, "type");
    this.shape = shape.clone();
    this.raw = raw;
    long count = elementCount(this.shape);
    if (type.isFixedWidth()) {
      if ((long) raw.length != count * type.byteSize()) {
        throw new IllegalArgumentException(
            "tensor '"
                + name
                + "' of type "
                + type
                + " and shape "
                + Arrays.toString(shape)
                + " needs "
                + count * type.byteSize()
                + " raw bytes but has "
                + raw.length);
      }
    } else {
      int elements = BytesElements.decode(raw).size();
      if (elements != count) {
        throw new IllegalArgumentException(
            "tensor '"
                + name
                + "' of type BYTES and shape "
                + Arrays.toString(shape)
                + " needs "
                + count
                + " length-prefixed elements but has "
                + elements);
      }
    }
  }

  /**
   * Wraps raw contents as received on the wire, checking their size against the shape.
   *
   * @throws IllegalArgumentException when the bytes do not fit the type and shape
   */
  public static Tensor fromRaw(String name, ElementType type, long[] shape, byte[] raw) {
    return new Tensor(name, type, shape, raw);
  }

  /** The number of elements of a shape; a scalar (empty shape) has one. */
  public static long elementCount(long[] shape) {
    long count = 1;
    for (long dim : shape) {
      if (dim < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
      }
      count = Math.multiplyExact(count, dim);
    }
    return count;
  }

  // ---- factories, one per element type ----

  public static Tensor ofBools(String name, long[] shape, boolean... values) {
    byte[] raw = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      raw[i] = (byte) (values[i] ? 1 : 0);
    }
    return new Tensor(name, ElementType.BOOL, shape, raw);
  }

  public static Tensor ofInt8s(String name, long[] shape, byte... values) {
    return new Tensor(name, ElementType.INT8, shape, values.clone());
  }

  /** UINT8 elements as bytes carrying the unsigned bits. */
  public static Tensor ofUint8s(String name, long[] shape, byte... values) {
    return new Tensor(name, ElementType.UINT8, shape, values.clone());
  }

  public static Tensor ofInt16s(String name, long[] shape, short... values) {
    return new Tensor(name, ElementType.INT16, shape, shorts(values));
  }

  /** UINT16 elements as shorts carrying the unsigned bits. */
  public static Tensor ofUint16s(String name, long[] shape, short... values) {
    return new Tensor(name, ElementType.UINT16, shape, shorts(values));
  }

  public static Tensor ofInt32s(String name, long[] shape, int... values) {
    return new Tensor(name, ElementType.INT32, shape, ints(values));
  }

  /** UINT32 elements as ints carrying the unsigned bits. */
  public static Tensor ofUint32s(String name, long[] shape, int... values) {
    return new Tensor(name, ElementType.UINT32, shape, ints(values));
  }

  public static Tensor ofInt64s(String name, long[] shape, long... values) {
    return new Tensor(name, ElementType.INT64, shape, longs(values));
  }

  /** UINT64 elements as longs carrying the unsigned bits. */
  public static Tensor ofUint64s(String name, long[] shape, long... values) {
    return new Tensor(name, ElementType.UINT64, shape, longs(values));
  }

  /** FP16 elements narrowed from floats, rounding to nearest even. */
  public static Tensor ofFp16s(String name, long[] shape, float... values) {
    short[] bits = new short[values.length];
    for (int i = 0; i < values.length; i++) {
      bits[i] = HalfPrecision.toFloat16Bits(values[i]);
    }
    return new Tensor(name, ElementType.FP16, shape, shorts(bits));
  }

  /** BF16 elements narrowed from floats, rounding to nearest even. */
  public static Tensor ofBf16s(String name, long[] shape, float... values) {
    short[] bits = new short[values.length];
    for (int i = 0; i < values.length; i++) {
      bits[i] = HalfPrecision.toBfloat16Bits(values[i]);
    }
    return new Tensor(name, ElementType.BF16, shape, shorts(bits));
  }

  public static Tensor ofFp32s(String name, long[] shape, float... values) {
    ByteBuffer out = buffer(values.length * Float.BYTES);
    for (float value : values) {
      out.putFloat(value);
    }
    return new Tensor(name, ElementType.FP32, shape, out.array());
  }

  public static Tensor ofFp64s(String name, long[] shape, double... values) {
    ByteBuffer out = buffer(values.length * Double.BYTES);
    for (double value : values) {
      out.putDouble(value);
    }
    return new Tensor(name, ElementType.FP64, shape, out.array());
  }

  public static Tensor ofBytes(String name, long[] shape, List<byte[]> values) {
    return new Tensor(name, ElementType.BYTES, shape, BytesElements.encode(values));
  }

  /** BYTES elements holding the UTF-8 encoding of each string. */
  public static Tensor ofStrings(String name, long[] shape, String... values) {
    List<byte[]> elements = new ArrayList<>(values.length);
    for (String value : values) {
      elements.add(value.getBytes(StandardCharsets.UTF_8));
    }
    return ofBytes(name, shape, elements);
  }

  // ---- accessors ----

  public String name() {
    return name;
  }

  public ElementType type() {
    return type;
  }

  public long[] shape() {
    return shape.clone();
  }

  public long elementCount() {
    return elementCount(shape);
  }

  /** The raw little-endian contents; the array is shared, do not modify it. */
  public byte[] rawBytes() {
    return raw;
  }

  /** The same contents under another name, as a server answers with its output names. */
  public Tensor withName(String newName) {
    return new Tensor(newName, type, shape, raw);
  }

  public boolean[] asBools() {
    require(ElementType.BOOL);
    boolean[] values = new boolean[raw.length];
    for (int i = 0; i < raw.length; i++) {
      values[i] = raw[i] != 0;
    }
    return values;
  }

  /** INT8 or UINT8 elements (UINT8 as their bits). */
  public byte[] asInt8s() {
    require(ElementType.INT8, ElementType.UINT8);
    return raw.clone();
  }

  /** INT16 or UINT16 elements (UINT16 as their bits), or the raw bits of FP16/BF16. */
  public short[] asInt16s() {
    require(ElementType.INT16, ElementType.UINT16, ElementType.FP16, ElementType.BF16);
    short[] values = new short[raw.length / Short.BYTES];
    view().asShortBuffer().get(values);
    return values;
  }

  /** INT32 or UINT32 elements (UINT32 as their bits). */
  public int[] asInt32s() {
    require(ElementType.INT32, ElementType.UINT32);
    int[] values = new int[raw.length / Integer.BYTES];
    view().asIntBuffer().get(values);
    return values;
  }

  /** INT64 or UINT64 elements (UINT64 as their bits). */
  public long[] asInt64s() {
    require(ElementType.INT64, ElementType.UINT64);
    long[] values = new long[raw.length / Long.BYTES];
    view().asLongBuffer().get(values);
    return values;
  }

  /** FP32 elements, or FP16/BF16 elements widened exactly to float. */
  public float[] asFloats() {
    require(ElementType.FP32, ElementType.FP16, ElementType.BF16);
    if (type == ElementType.FP32) {
      float[] values = new float[raw.length / Float.BYTES];
      view().asFloatBuffer().get(values);
      return values;
    }
    short[] bits = asInt16s();
    float[] values = new float[bits.length];
    for (int i = 0; i < bits.length; i++) {
      values[i] =
          type == ElementType.FP16
              ? HalfPrecision.fromFloat16Bits(bits[i])
              : HalfPrecision.fromBfloat16Bits(bits[i]);
    }
    return values;
  }

  public double[] asDoubles() {
    require(ElementType.FP64);
    double[] values = new double[raw.length / Double.BYTES];
    view().asDoubleBuffer().get(values);
    return values;
  }

  public List<byte[]> asBytes() {
    require(ElementType.BYTES);
    return BytesElements.decode(raw);
  }

  /** BYTES elements decoded as UTF-8. */
  public List<String> asStrings() {
    List<byte[]> elements = asBytes();
    List<String> values = new ArrayList<>(elements.size());
    for (byte[] element : elements) {
      values.add(new String(element, StandardCharsets.UTF_8));
    }
    return values;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Tensor that
        && name.equals(that.name)
        && type == that.type
        && Arrays.equals(shape, that.shape)
        && Arrays.equals(raw, that.raw);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, type, Arrays.hashCode(shape), Arrays.hashCode(raw));
  }

  @Override
  public String toString() {
    return "Tensor{"
        + name
        + " "
        + type
        + Arrays.toString(shape)
        + ", "
        + raw.length
        + " raw bytes}";
  }

  private void require(ElementType... accepted) {
    for (ElementType candidate : accepted) {
      if (candidate == type) {
        return;
      }
    }
    throw new IllegalStateException(
        "tensor '" + name + "' is " + type + ", not " + Arrays.toString(accepted));
  }

  private ByteBuffer view() {
    return ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static ByteBuffer buffer(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static byte[] shorts(short[] values) {
    ByteBuffer out = buffer(values.length * Short.BYTES);
    out.asShortBuffer().put(values);
    return out.array();
  }

  private static byte[] ints(int[] values) {
    ByteBuffer out = buffer(values.length * Integer.BYTES);
    out.asIntBuffer().put(values);
    return out.array();
  }

  private static byte[] longs(long[] values) {
    ByteBuffer out = buffer(values.length * Long.BYTES);
    out.asLongBuffer().put(values);
    return out.array();
  }
}
