package dev.tributary.triton.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class TensorTest {

  private static final HexFormat HEX = HexFormat.of();

  @Test
  void fixedWidthTypesAreLittleEndianWithoutPadding() {
    assertEquals(
        "0100", HEX.formatHex(Tensor.ofBools("t", new long[] {2}, true, false).rawBytes()));
    assertEquals(
        "ff7f",
        HEX.formatHex(Tensor.ofInt8s("t", new long[] {2}, (byte) -1, (byte) 127).rawBytes()));
    assertEquals(
        "3412ffff",
        HEX.formatHex(Tensor.ofInt16s("t", new long[] {2}, (short) 0x1234, (short) -1).rawBytes()));
    assertEquals(
        "78563412", HEX.formatHex(Tensor.ofUint32s("t", new long[] {1}, 0x12345678).rawBytes()));
    assertEquals(
        "0100000000000080",
        HEX.formatHex(Tensor.ofInt64s("t", new long[] {1}, Long.MIN_VALUE + 1).rawBytes()));
    assertEquals("0000803f", HEX.formatHex(Tensor.ofFp32s("t", new long[] {1}, 1.0f).rawBytes()));
    assertEquals(
        "000000000000f03f", HEX.formatHex(Tensor.ofFp64s("t", new long[] {1}, 1.0).rawBytes()));
    assertEquals(
        "003c00fc",
        HEX.formatHex(
            Tensor.ofFp16s("t", new long[] {2}, 1.0f, Float.NEGATIVE_INFINITY).rawBytes()));
    assertEquals("803f", HEX.formatHex(Tensor.ofBf16s("t", new long[] {1}, 1.0f).rawBytes()));
  }

  @Test
  void bytesElementsCarryFourByteLittleEndianLengthPrefixes() {
    Tensor strings = Tensor.ofStrings("s", new long[] {3}, "", "é", "日");
    // "" -> len 0; "é" -> len 2, c3 a9; "日" -> len 3, e6 97 a5
    assertEquals("00000000" + "02000000c3a9" + "03000000e697a5", HEX.formatHex(strings.rawBytes()));
    assertEquals(List.of("", "é", "日"), strings.asStrings());
  }

  @Test
  void unsignedValuesKeepTheirBits() {
    Tensor t = Tensor.ofUint64s("u", new long[] {2}, -1L, Long.MIN_VALUE);
    assertEquals("18446744073709551615", Long.toUnsignedString(t.asInt64s()[0]));
    assertEquals("9223372036854775808", Long.toUnsignedString(t.asInt64s()[1]));
    assertEquals(
        65535,
        Short.toUnsignedInt(Tensor.ofUint16s("u", new long[] {1}, (short) -1).asInt16s()[0]));
  }

  @Test
  void rawContentsMustFitTheShape() {
    IllegalArgumentException tooShort =
        assertThrows(
            IllegalArgumentException.class,
            () -> Tensor.fromRaw("x", ElementType.FP32, new long[] {2, 2}, new byte[12]));
    assertTrue(
        tooShort.getMessage().contains("needs 16 raw bytes but has 12"), tooShort.getMessage());
    IllegalArgumentException cutPrefix =
        assertThrows(
            IllegalArgumentException.class,
            () -> Tensor.fromRaw("s", ElementType.BYTES, new long[] {1}, new byte[] {5, 0}));
    assertTrue(cutPrefix.getMessage().contains("length prefix"), cutPrefix.getMessage());
    IllegalArgumentException pastEnd =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Tensor.fromRaw(
                    "s", ElementType.BYTES, new long[] {1}, new byte[] {5, 0, 0, 0, 'a'}));
    assertTrue(
        pastEnd.getMessage().contains("declares 5 bytes but only 1 remain"), pastEnd.getMessage());
    IllegalArgumentException count =
        assertThrows(
            IllegalArgumentException.class, () -> Tensor.ofStrings("s", new long[] {3}, "a", "b"));
    assertTrue(
        count.getMessage().contains("needs 3 length-prefixed elements but has 2"),
        count.getMessage());
  }

  @Test
  void scalarsAndEmptyTensorsAreValid() {
    assertEquals(1, Tensor.ofFp32s("s", new long[] {}, 3f).elementCount());
    assertEquals(0, Tensor.ofFp32s("e", new long[] {0, 4}).elementCount());
    assertEquals(0, Tensor.ofStrings("e", new long[] {0}).rawBytes().length);
  }

  @Test
  void batchRowsConcatenateAndSliceBackForFixedAndVariableWidth() {
    Tensor a = Tensor.ofInt32s("x", new long[] {1, 2}, 1, 2);
    Tensor b = Tensor.ofInt32s("x", new long[] {2, 2}, 3, 4, 5, 6);
    Tensor joined = BatchRows.concat(List.of(a, b));
    assertArrayEquals(new long[] {3, 2}, joined.shape());
    assertEquals(a, BatchRows.slice(joined, 0, 1));
    assertEquals(b, BatchRows.slice(joined, 1, 2));

    Tensor s = Tensor.ofStrings("s", new long[] {1, 2}, "", "ü");
    Tensor t = Tensor.ofStrings("s", new long[] {1, 2}, "🙂", "z");
    Tensor strings = BatchRows.concat(List.of(s, t));
    assertEquals(s, BatchRows.slice(strings, 0, 1));
    assertEquals(t, BatchRows.slice(strings, 1, 1));
    assertThrows(
        IllegalArgumentException.class,
        () -> BatchRows.concat(List.of(a, Tensor.ofInt32s("x", new long[] {1, 3}, 1, 2, 3))));
  }
}
