package dev.tributary.triton.wire;

import dev.tributary.triton.protocol.DataType;
import dev.tributary.triton.tensor.ElementType;

/**
 * Maps config.pbtxt data types ({@code TYPE_FP32}) to the datatype names of infer messages ({@code
 * FP32}). The one irregular pair: config's TYPE_STRING is BYTES on the wire.
 */
public final class ConfigTypes {

  private ConfigTypes() {}

  /**
   * @throws IllegalArgumentException for TYPE_INVALID or an unknown enum value
   */
  public static ElementType toElementType(DataType type) {
    return switch (type) {
      case TYPE_BOOL -> ElementType.BOOL;
      case TYPE_UINT8 -> ElementType.UINT8;
      case TYPE_UINT16 -> ElementType.UINT16;
      case TYPE_UINT32 -> ElementType.UINT32;
      case TYPE_UINT64 -> ElementType.UINT64;
      case TYPE_INT8 -> ElementType.INT8;
      case TYPE_INT16 -> ElementType.INT16;
      case TYPE_INT32 -> ElementType.INT32;
      case TYPE_INT64 -> ElementType.INT64;
      case TYPE_FP16 -> ElementType.FP16;
      case TYPE_BF16 -> ElementType.BF16;
      case TYPE_FP32 -> ElementType.FP32;
      case TYPE_FP64 -> ElementType.FP64;
      case TYPE_STRING -> ElementType.BYTES;
      default -> throw new IllegalArgumentException("data_type " + type + " is not a tensor type");
    };
  }

  public static DataType toConfigType(ElementType type) {
    return type == ElementType.BYTES
        ? DataType.TYPE_STRING
        : DataType.valueOf("TYPE_" + type.name());
  }
}
