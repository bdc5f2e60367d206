package dev.tributary.triton.wire;

import com.google.protobuf.ByteString;
import dev.tributary.triton.protocol.InferTensorContents;
import dev.tributary.triton.tensor.ElementType;
import dev.tributary.triton.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts between the typed {@code InferTensorContents} form and raw little-endian contents.
 *
 * <p>The protocol widens small integers into 32-bit fields (INT8/INT16 into {@code int_contents},
 * UINT8/UINT16 into {@code uint_contents}) and has no field for FP16 or BF16, which therefore
 * travel raw only. Readers must accept both forms: Triton answers raw, other KServe servers and
 * older clients use typed contents.
 */
public final class TypedContents {

  private TypedContents() {}

  /**
   * Reads typed contents into a tensor of the given type and shape.
   *
   * @throws IllegalArgumentException when the type has no typed form or the count does not match
   */
  public static Tensor toTensor(
      String name, ElementType type, long[] shape, InferTensorContents contents) {
    long expected = Tensor.elementCount(shape);
    int count = count(type, contents, name);
    if (count != expected) {
      throw new IllegalArgumentException(
          "tensor '"
              + name
              + "' has "
              + count
              + " typed "
              + type
              + " elements but its shape needs "
              + expected);
    }
    ByteBuffer out =
        ByteBuffer.allocate(type.isFixedWidth() ? count * type.byteSize() : 0)
            .order(ByteOrder.LITTLE_ENDIAN);
    switch (type) {
      case BOOL -> contents.getBoolContentsList().forEach(v -> out.put((byte) (v ? 1 : 0)));
      case INT8 -> contents.getIntContentsList().forEach(v -> out.put(v.byteValue()));
      case INT16 -> contents.getIntContentsList().forEach(v -> out.putShort(v.shortValue()));
      case INT32 -> contents.getIntContentsList().forEach(out::putInt);
      case INT64 -> contents.getInt64ContentsList().forEach(out::putLong);
      case UINT8 -> contents.getUintContentsList().forEach(v -> out.put(v.byteValue()));
      case UINT16 -> contents.getUintContentsList().forEach(v -> out.putShort(v.shortValue()));
      case UINT32 -> contents.getUintContentsList().forEach(out::putInt);
      case UINT64 -> contents.getUint64ContentsList().forEach(out::putLong);
      case FP32 -> contents.getFp32ContentsList().forEach(out::putFloat);
      case FP64 -> contents.getFp64ContentsList().forEach(out::putDouble);
      case BYTES -> {
        List<byte[]> elements = new ArrayList<>(count);
        contents.getBytesContentsList().forEach(v -> elements.add(v.toByteArray()));
        return Tensor.ofBytes(name, shape, elements);
      }
      default -> throw noTypedForm(name, type);
    }
    return Tensor.fromRaw(name, type, shape, out.array());
  }

  /**
   * Writes a tensor as typed contents, for peers that do not read raw contents.
   *
   * @throws IllegalArgumentException for FP16 and BF16, which have no typed form
   */
  public static InferTensorContents fromTensor(Tensor tensor) {
    InferTensorContents.Builder out = InferTensorContents.newBuilder();
    switch (tensor.type()) {
      case BOOL -> {
        for (boolean v : tensor.asBools()) out.addBoolContents(v);
      }
      case INT8 -> {
        for (byte v : tensor.asInt8s()) out.addIntContents(v);
      }
      case INT16 -> {
        for (short v : tensor.asInt16s()) out.addIntContents(v);
      }
      case INT32 -> {
        for (int v : tensor.asInt32s()) out.addIntContents(v);
      }
      case INT64 -> {
        for (long v : tensor.asInt64s()) out.addInt64Contents(v);
      }
      case UINT8 -> {
        for (byte v : tensor.asInt8s()) out.addUintContents(Byte.toUnsignedInt(v));
      }
      case UINT16 -> {
        for (short v : tensor.asInt16s()) out.addUintContents(Short.toUnsignedInt(v));
      }
      case UINT32 -> {
        for (int v : tensor.asInt32s()) out.addUintContents(v);
      }
      case UINT64 -> {
        for (long v : tensor.asInt64s()) out.addUint64Contents(v);
      }
      case FP32 -> {
        for (float v : tensor.asFloats()) out.addFp32Contents(v);
      }
      case FP64 -> {
        for (double v : tensor.asDoubles()) out.addFp64Contents(v);
      }
      case BYTES -> tensor.asBytes().forEach(v -> out.addBytesContents(ByteString.copyFrom(v)));
      default -> throw noTypedForm(tensor.name(), tensor.type());
    }
    return out.build();
  }

  private static int count(ElementType type, InferTensorContents contents, String name) {
    return switch (type) {
      case BOOL -> contents.getBoolContentsCount();
      case INT8, INT16, INT32 -> contents.getIntContentsCount();
      case INT64 -> contents.getInt64ContentsCount();
      case UINT8, UINT16, UINT32 -> contents.getUintContentsCount();
      case UINT64 -> contents.getUint64ContentsCount();
      case FP32 -> contents.getFp32ContentsCount();
      case FP64 -> contents.getFp64ContentsCount();
      case BYTES -> contents.getBytesContentsCount();
      default -> throw noTypedForm(name, type);
    };
  }

  private static IllegalArgumentException noTypedForm(String name, ElementType type) {
    return new IllegalArgumentException(
        "tensor '"
            + name
            + "' is "
            + type
            + ", which has no typed contents in the protocol; send it as raw contents");
  }
}
