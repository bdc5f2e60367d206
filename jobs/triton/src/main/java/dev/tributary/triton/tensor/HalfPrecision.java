package dev.tributary.triton.tensor;

/**
 * Conversions between {@code float} and the two 16-bit float formats of the protocol.
 *
 * <p>FP16 is IEEE 754 binary16 (1 sign, 5 exponent, 10 fraction bits); BF16 is the top half of a
 * binary32 (1 sign, 8 exponent, 7 fraction bits). Both travel only as raw contents, since the typed
 * contents have no 16-bit float field. Narrowing rounds to nearest, ties to even, keeps signed
 * zeros and infinities, produces subnormals where the target has them, and keeps NaN a (quiet) NaN;
 * widening is exact. Java 17 has no {@code Float.floatToFloat16}, hence this class.
 */
public final class HalfPrecision {

  private HalfPrecision() {}

  /** Narrows to FP16 bits, rounding to nearest even; overflow becomes infinity. */
  public static short toFloat16Bits(float value) {
    int bits = Float.floatToRawIntBits(value);
    int sign = (bits >>> 16) & 0x8000;
    int exponent = (bits >>> 23) & 0xff;
    int mantissa = bits & 0x7fffff;
    if (exponent == 0xff) {
      // Infinity stays infinity; NaN keeps its top payload bits and is forced quiet.
      return (short) (sign | 0x7c00 | (mantissa == 0 ? 0 : 0x200 | (mantissa >>> 13)));
    }
    int unbiased = exponent - 127;
    if (unbiased > 15) {
      return (short) (sign | 0x7c00);
    }
    if (unbiased >= -14) {
      // Normal in FP16: drop 13 mantissa bits with round-to-nearest-even; a carry may ripple
      // into the exponent, and up to infinity, which is the right answer.
      int half = ((unbiased + 15) << 10) | (mantissa >>> 13);
      int rest = mantissa & 0x1fff;
      if (rest > 0x1000 || (rest == 0x1000 && (half & 1) == 1)) {
        half++;
      }
      return (short) (sign | half);
    }
    if (unbiased < -25) {
      // Below half of the smallest subnormal (2^-24): rounds to a signed zero.
      return (short) sign;
    }
    // Subnormal in FP16: value = m * 2^-24 with the implicit bit made explicit.
    int full = mantissa | 0x800000;
    int shift = -unbiased - 14 + 13; // 14..24 bits to drop
    int half = full >>> shift;
    int rest = full & ((1 << shift) - 1);
    int halfway = 1 << (shift - 1);
    if (rest > halfway || (rest == halfway && (half & 1) == 1)) {
      half++;
    }
    return (short) (sign | half);
  }

  /** Widens FP16 bits to the exactly equal float. */
  public static float fromFloat16Bits(short bits) {
    int h = bits & 0xffff;
    int sign = (h & 0x8000) << 16;
    int exponent = (h >>> 10) & 0x1f;
    int mantissa = h & 0x3ff;
    if (exponent == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
    }
    if (exponent == 0) {
      if (mantissa == 0) {
        return Float.intBitsToFloat(sign);
      }
      float magnitude = mantissa * 0x1p-24f;
      return sign == 0 ? magnitude : -magnitude;
    }
    return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
  }

  /** Narrows to BF16 bits (the high 16 bits of the float), rounding to nearest even. */
  public static short toBfloat16Bits(float value) {
    int bits = Float.floatToRawIntBits(value);
    if ((bits & 0x7f800000) == 0x7f800000 && (bits & 0x7fffff) != 0) {
      return (short) ((bits >>> 16) | 0x40); // quiet NaN, sign and top payload kept
    }
    int roundingBias = 0x7fff + ((bits >>> 16) & 1);
    return (short) ((bits + roundingBias) >>> 16);
  }

  /** Widens BF16 bits to the exactly equal float. */
  public static float fromBfloat16Bits(short bits) {
    return Float.intBitsToFloat((bits & 0xffff) << 16);
  }
}
