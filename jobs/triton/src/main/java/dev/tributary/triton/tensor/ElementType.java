package dev.tributary.triton.tensor;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The element types of the KServe v2 / Triton tensor protocol, with the names used in infer
 * messages ({@code "FP32"}, {@code "BYTES"}) and their fixed width in raw contents.
 *
 * <p>BYTES has no fixed width: each element is a 4-byte little-endian length followed by that many
 * bytes (see {@link BytesElements}).
 */
public enum ElementType {
  BOOL(1),
  UINT8(1),
  UINT16(2),
  UINT32(4),
  UINT64(8),
  INT8(1),
  INT16(2),
  INT32(4),
  INT64(8),
  FP16(2),
  BF16(2),
  FP32(4),
  FP64(8),
  BYTES(0);

  private final int byteSize;

  ElementType(int byteSize) {
    this.byteSize = byteSize;
  }

  /** Bytes per element in raw contents; 0 for BYTES, whose elements vary in length. */
  public int byteSize() {
    return byteSize;
  }

  public boolean isFixedWidth() {
    return byteSize > 0;
  }

  /** The protocol's name for this type, as in {@code InferInputTensor.datatype}. */
  public String wireName() {
    return name();
  }

  /**
   * Reads a protocol datatype name.
   *
   * @throws IllegalArgumentException naming the accepted names when {@code name} is not one
   */
  public static ElementType fromWireName(String name) {
    for (ElementType type : values()) {
      if (type.name().equals(name)) {
        return type;
      }
    }
    throw new IllegalArgumentException(
        "unknown tensor datatype '"
            + name
            + "'; expected one of "
            + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
  }
}
