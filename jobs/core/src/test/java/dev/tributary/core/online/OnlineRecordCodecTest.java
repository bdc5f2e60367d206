package dev.tributary.core.online;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.window.Seeds;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnlineRecordCodecTest {
  private static final long[] LONGS = {
    Long.MIN_VALUE, Long.MIN_VALUE + 1, -1, 0, 1, 9, 10, Long.MAX_VALUE
  };
  private static final double[] DOUBLES = {
    0.0,
    -0.0,
    Double.MIN_VALUE,
    -Double.MIN_VALUE,
    Math.nextDown(Double.MIN_NORMAL),
    Double.MIN_NORMAL,
    Double.MAX_VALUE,
    -Double.MAX_VALUE,
    Double.POSITIVE_INFINITY,
    Double.NEGATIVE_INFINITY,
    0.1,
    0.2 + 0.1,
    1.0 / 3,
    2.0,
    -7.5,
    1e16,
    1e-5,
    123456.789,
    2e23,
    5e-324,
    1e7,
    9999999.999999998,
    Double.NaN,
    Double.longBitsToDouble(0x7ff8_0000_dead_beefL)
  };
  private static final String[] STRINGS = {
    "",
    ",",
    "\\",
    "\\0",
    "\\e",
    "a,b\\c",
    ",,",
    "_as_of",
    "0",
    "é",
    "\uD834\uDD1E",
    " spaced ",
    "\n"
  };

  @TempDir static Path folder;
  private static FeatureView view;
  private static OnlineRecordCodec codec;

  @BeforeAll
  static void loadView() {
    view = AllTypesView.load(folder);
    codec = OnlineRecordCodec.of(view);
  }

  @Test
  void aRecordIsItsAsOfABitmapAndTheValuesBytes() {
    Object[] values = new Object[10];
    values[0] = true;
    values[1] = -3L;
    values[2] = 0.5;
    values[3] = "é";
    values[6] = Arrays.asList(1L, null, 64L);
    byte[] expected = {
      0,
      0,
      0,
      0,
      0,
      0,
      1,
      0, // as-of 256, big-endian
      0b0100_1111,
      0, // features 0, 1, 2, 3 and 6 have values
      1, // true
      5, // -3 zigzag
      0x3F,
      (byte) 0xE0,
      0,
      0,
      0,
      0,
      0,
      0, // 0.5
      2,
      (byte) 0xC3,
      (byte) 0xA9, // "é": length, UTF-8
      3,
      0b101,
      2,
      (byte) 0x80,
      1 // [1, null, 64]: count, present, 1, 64
    };
    assertArrayEquals(expected, codec.encode(256, values));
  }

  @Test
  void aViewReadsItsOwnLiveSectionAndNothingElse() {
    FeatureView other = AllTypesView.load(folder.resolve("other"), "other_types");
    OnlineRecordCodec otherCodec = OnlineRecordCodec.of(other);
    Object[] mine = new Object[10];
    mine[1] = 7L;
    Object[] theirs = new Object[10];
    theirs[1] = 8L;
    byte[] both =
        concat(
            otherCodec.section(0, otherCodec.encode(5, theirs)),
            codec.section(1_000, codec.encode(6, mine)));
    assertEquals(new OnlineRecord(6, Arrays.asList(mine)), codec.decode(both, 1_000));
    assertEquals(new OnlineRecord(5, Arrays.asList(theirs)), otherCodec.decode(both, 1_000));
    assertNull(codec.decode(both, 1_001), "past its expiry the section reads as absent");
    assertEquals(
        new OnlineRecord(5, Arrays.asList(theirs)),
        otherCodec.decode(both, Long.MAX_VALUE),
        "0 is no expiry");
    assertNull(codec.decode(otherCodec.section(0, otherCodec.encode(5, theirs)), 0));
    assertNull(codec.decode(null, 0));
    assertNull(codec.decode(new byte[0], 0));
  }

  @Test
  void extremeValuesOfEveryTypeRoundTrip() {
    for (long l : LONGS) {
      assertRoundTrip(
          new Object[] {null, l, null, null, l, null, List.of(l, l), null, null, List.of(l)});
    }
    for (double d : DOUBLES) {
      assertRoundTrip(
          new Object[] {null, null, d, null, null, null, null, List.of(d, -d), null, null});
    }
    for (String s : STRINGS) {
      assertRoundTrip(
          new Object[] {null, null, null, s, null, null, null, null, List.of(s, s), null});
      assertRoundTrip(new Object[] {null, null, null, s, null, null, null, null, List.of(s), null});
    }
    assertRoundTrip(
        new Object[] {true, null, null, null, null, List.of(false, true), null, null, null, null});
    assertRoundTrip(
        new Object[] {false, null, null, null, null, List.of(), null, null, List.of(), List.of()});
    assertRoundTrip(
        new Object[] {
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          Arrays.asList(null, "", null),
          Arrays.asList((Long) null)
        });
    assertRoundTrip(new Object[10]);
  }

  @Test
  void randomRecordsRoundTripBitForBit() {
    long seed = Seeds.base(); // -Dtributary.seed=N replays a failure
    System.out.println("OnlineRecordCodecTest seed " + seed);
    Random random = new Random(seed);
    for (int i = 0; i < 20_000; i++) {
      Object[] values = new Object[10];
      for (int f = 0; f < 5; f++) {
        values[f] = randomValue(random, f);
        values[f + 5] = random.nextInt(6) == 0 ? null : randomList(random, f);
      }
      long asOf = random.nextBoolean() ? random.nextLong() : random.nextInt(1000);
      long expiresAt = random.nextBoolean() ? 0 : random.nextLong() >>> 1;
      OnlineRecord decoded =
          codec.decode(codec.section(expiresAt, codec.encode(asOf, values)), expiresAt);
      assertEquals(asOf, decoded.asOf(), "seed " + seed);
      assertEquals(
          Arrays.asList(values),
          decoded.values(),
          "seed " + seed + ", record " + Arrays.deepToString(values));
    }
  }

  @Test
  void aValueOfTheWrongJavaTypeNamesTheViewAndFeature() {
    Object[] values = new Object[10];
    values[1] = 12;
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> codec.encode(1, values));
    assertTrue(e.getMessage().contains("all_types__" + view.version()), e.getMessage());
    assertTrue(
        e.getMessage().contains("feature last_l is Long but the update holds java.lang.Integer 12"),
        e.getMessage());

    values[1] = null;
    values[6] = List.of(1L, 2);
    e = assertThrows(IllegalArgumentException.class, () -> codec.encode(1, values));
    assertTrue(e.getMessage().contains("feature recent_l is a List of Long"), e.getMessage());

    e = assertThrows(IllegalArgumentException.class, () -> codec.encode(1, new Object[3]));
    assertTrue(e.getMessage().contains("has 10 features [last_b, last_l"), e.getMessage());
  }

  @Test
  void aValueFromSomewhereElseIsRejectedWithWhatIsWrong() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> codec.decode("12".getBytes(), 0));
    assertTrue(e.getMessage().contains("a section header is cut off at byte 0"), e.getMessage());
    byte[] payload = codec.encode(1, new Object[10]);
    byte[] section = codec.section(0, payload);
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> codec.decode(Arrays.copyOf(section, section.length - 1), 0));
    assertTrue(e.getMessage().contains("runs past the value's end"), e.getMessage());
    Object[] values = new Object[10];
    values[3] = "abc";
    byte[] full = codec.encode(1, values);
    byte[] cut = Arrays.copyOf(full, full.length - 1);
    e = assertThrows(IllegalArgumentException.class, () -> codec.decode(codec.section(0, cut), 0));
    assertTrue(e.getMessage().contains("feature last_s (3)"), e.getMessage());
    assertTrue(e.getMessage().contains("written by something else"), e.getMessage());
    byte[] extra = Arrays.copyOf(payload, payload.length + 1);
    e =
        assertThrows(
            IllegalArgumentException.class, () -> codec.decode(codec.section(0, extra), 0));
    assertTrue(e.getMessage().contains("1 byte(s) follow the last value"), e.getMessage());
  }

  @Test
  void aRecordLargerThanASectionHoldsIsRejected() {
    Object[] values = new Object[10];
    values[3] = "x".repeat(OnlineRecordCodec.MAX_PAYLOAD);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> codec.encode(1, values));
    assertTrue(e.getMessage().contains("an online record holds"), e.getMessage());
  }

  private static byte[] concat(byte[] first, byte[] second) {
    byte[] both = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    return both;
  }

  private static void assertRoundTrip(Object[] values) {
    OnlineRecord decoded = codec.decode(codec.section(0, codec.encode(42, values)), 0);
    assertEquals(Arrays.asList(values), decoded.values(), Arrays.deepToString(values));
    for (int i = 0; i < values.length; i++) {
      if (values[i] instanceof Double d) {
        assertEquals(
            Double.doubleToRawLongBits(d),
            Double.doubleToRawLongBits((Double) decoded.value(i)),
            "bit for bit, NaN payloads included");
      }
    }
  }

  private static Object randomValue(Random random, int type) {
    if (random.nextInt(5) == 0) {
      return null;
    }
    return switch (type) {
      case 0 -> random.nextBoolean();
      case 1, 4 ->
          random.nextInt(3) == 0
              ? LONGS[random.nextInt(LONGS.length)]
              : random.nextLong() >> random.nextInt(64);
      case 2 -> randomDouble(random);
      default -> randomString(random);
    };
  }

  private static List<Object> randomList(Random random, int type) {
    List<Object> list = new ArrayList<>();
    int size = random.nextInt(6);
    for (int i = 0; i < size; i++) {
      Object value = randomValue(random, type);
      list.add(value == null && random.nextBoolean() ? randomValue(random, type) : value);
    }
    return list;
  }

  private static double randomDouble(Random random) {
    double value;
    switch (random.nextInt(4)) {
      case 0 -> value = DOUBLES[random.nextInt(DOUBLES.length)];
      case 1 -> value = random.nextGaussian() * Math.pow(10, random.nextInt(20) - 10);
      case 2 -> value = Math.round(random.nextGaussian() * 1000) / 8.0;
      default -> value = Double.longBitsToDouble(random.nextLong()); // NaN payloads too
    }
    return value;
  }

  private static String randomString(Random random) {
    if (random.nextInt(3) == 0) {
      return STRINGS[random.nextInt(STRINGS.length)];
    }
    String alphabet = ",\\0e_aZ é\uD834\uDD1E";
    StringBuilder text = new StringBuilder();
    int length = random.nextInt(8);
    for (int i = 0; i < length; i++) {
      text.appendCodePoint(
          alphabet.codePointAt(
              alphabet.offsetByCodePoints(
                  0, random.nextInt(alphabet.codePointCount(0, alphabet.length())))));
    }
    return text.toString();
  }
}
