package dev.tributary.triton.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HalfPrecisionTest {

  @Test
  void everyFp16BitPatternWidensAndNarrowsBackToItself() {
    for (int bits = 0; bits <= 0xffff; bits++) {
      float wide = HalfPrecision.fromFloat16Bits((short) bits);
      short back = HalfPrecision.toFloat16Bits(wide);
      if (Float.isNaN(wide)) {
        assertTrue(
            Float.isNaN(HalfPrecision.fromFloat16Bits(back)),
            "NaN stays NaN: " + Integer.toHexString(bits));
        assertEquals(bits & 0x8000, back & 0x8000, "NaN keeps its sign");
      } else {
        assertEquals((short) bits, back, "fp16 0x" + Integer.toHexString(bits) + " = " + wide);
      }
    }
  }

  @Test
  void everyBf16BitPatternWidensAndNarrowsBackToItself() {
    for (int bits = 0; bits <= 0xffff; bits++) {
      float wide = HalfPrecision.fromBfloat16Bits((short) bits);
      short back = HalfPrecision.toBfloat16Bits(wide);
      if (Float.isNaN(wide)) {
        assertTrue(Float.isNaN(HalfPrecision.fromBfloat16Bits(back)));
      } else {
        assertEquals((short) bits, back, "bf16 0x" + Integer.toHexString(bits));
      }
    }
  }

  @Test
  void fp16SpecialValuesHaveTheirIeeeEncodings() {
    assertEquals((short) 0x7c00, HalfPrecision.toFloat16Bits(Float.POSITIVE_INFINITY));
    assertEquals((short) 0xfc00, HalfPrecision.toFloat16Bits(Float.NEGATIVE_INFINITY));
    assertEquals((short) 0x8000, HalfPrecision.toFloat16Bits(-0.0f));
    assertEquals((short) 0x0000, HalfPrecision.toFloat16Bits(0.0f));
    assertEquals((short) 0x7bff, HalfPrecision.toFloat16Bits(65504f), "largest finite");
    assertEquals((short) 0x7c00, HalfPrecision.toFloat16Bits(65520f), "rounds up to infinity");
    assertEquals((short) 0x0400, HalfPrecision.toFloat16Bits(0x1p-14f), "smallest normal");
    assertEquals((short) 0x0001, HalfPrecision.toFloat16Bits(0x1p-24f), "smallest subnormal");
    assertEquals((short) 0x03ff, HalfPrecision.toFloat16Bits(0x3ffp-24f), "largest subnormal");
    assertEquals(
        (short) 0x0000, HalfPrecision.toFloat16Bits(0x1p-25f), "tie to even rounds to zero");
    assertEquals(
        (short) 0x0001, HalfPrecision.toFloat16Bits(0x1.8p-25f), "above the tie rounds up");
    assertEquals(
        (short) 0x3c00, HalfPrecision.toFloat16Bits(1.0f + 0x1p-11f), "tie to even stays at 1");
    assertEquals(
        (short) 0x3c02, HalfPrecision.toFloat16Bits(1.0f + 3 * 0x1p-11f), "tie to even goes up");
    assertTrue(Float.isNaN(HalfPrecision.fromFloat16Bits(HalfPrecision.toFloat16Bits(Float.NaN))));
    assertEquals(-0.0f, HalfPrecision.fromFloat16Bits((short) 0x8000));
    assertEquals(
        Float.floatToIntBits(-0.0f),
        Float.floatToIntBits(HalfPrecision.fromFloat16Bits((short) 0x8000)));
    assertEquals(0x1p-24f, HalfPrecision.fromFloat16Bits((short) 1));
  }

  @Test
  void bf16SpecialValuesHaveTheirEncodings() {
    assertEquals((short) 0x7f80, HalfPrecision.toBfloat16Bits(Float.POSITIVE_INFINITY));
    assertEquals((short) 0xff80, HalfPrecision.toBfloat16Bits(Float.NEGATIVE_INFINITY));
    assertEquals((short) 0x8000, HalfPrecision.toBfloat16Bits(-0.0f));
    assertEquals(
        (short) 0x0001,
        HalfPrecision.toBfloat16Bits(Float.intBitsToFloat(0x00010000)),
        "subnormal");
    assertEquals(
        (short) 0x7f80, HalfPrecision.toBfloat16Bits(Float.MAX_VALUE), "rounds up to infinity");
    assertEquals(
        (short) 0x3f80,
        HalfPrecision.toBfloat16Bits(Float.intBitsToFloat(0x3f808000)),
        "tie to even down");
    assertEquals(
        (short) 0x3f82,
        HalfPrecision.toBfloat16Bits(Float.intBitsToFloat(0x3f818000)),
        "tie to even up");
    short nan = HalfPrecision.toBfloat16Bits(Float.intBitsToFloat(0x7f800001));
    assertTrue(
        Float.isNaN(HalfPrecision.fromBfloat16Bits(nan)),
        "a NaN with only low payload bits stays NaN");
  }
}
