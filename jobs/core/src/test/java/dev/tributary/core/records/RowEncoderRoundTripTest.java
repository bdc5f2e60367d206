package dev.tributary.core.records;

import static dev.tributary.core.records.TestSources.EVENTS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tributary.core.window.Seeds;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What replay publishes reads back to the same row, for random rows of every type. */
class RowEncoderRoundTripTest {
  private static final long YEAR_2099 = 4_070_908_800_000L;

  private final RowEncoder encoder = new RowEncoder(EVENTS.schema());
  private final RecordParser parser = new RecordParser(EVENTS);

  @Test
  void encodedRowsParseBackToTheSameRow() {
    long seed = Seeds.base();
    Random random = new Random(seed);
    for (int i = 0; i < 20_000; i++) {
      Object[] row = {
        random.nextLong(1_000_000_000L, YEAR_2099),
        random.nextLong(-10_000, 10_000),
        randomDouble(random),
        randomString(random),
        random.nextBoolean()
      };
      String json = encoder.encode(row);
      ParseOutcome outcome = parser.parse(json);
      assertEquals(
          new ParsedEvent(row, (Long) row[0] + (Long) row[1] * 60_000),
          outcome,
          "seed "
              + seed
              + " (rerun with -Dtributary.seed="
              + seed
              + "), record "
              + i
              + ": "
              + json);
    }
  }

  @Test
  void writesFieldsInSchemaOrderWithIsoTimestamps() {
    assertEquals(
        "{\"date\":\"2001-01-01T00:01:00Z\",\"delay\":-13,\"ratio\":0.5,\"origin\":\"A\\\"NC\",\"cancelled\":false}",
        encoder.encode(new Object[] {TestSources.NEW_YEAR, -13L, 0.5, "A\"NC", false}));
    assertEquals(
        "{\"date\":\"2001-01-01T00:01:00.007Z\",\"delay\":0,\"ratio\":1.0E-300,\"origin\":\"\",\"cancelled\":true}",
        encoder.encode(new Object[] {TestSources.NEW_YEAR + 7, 0L, 1e-300, "", true}));
  }

  /**
   * Doubles whose decimal form is hard to round trip: extremes, subnormals, negative zero, random
   * bits.
   */
  private static double randomDouble(Random random) {
    return switch (random.nextInt(6)) {
      case 0 -> random.nextDouble() * 1000 - 500;
      case 1 -> Double.MIN_VALUE * random.nextInt(1, 1000);
      case 2 -> random.nextBoolean() ? Double.MAX_VALUE : -0.0;
      case 3 -> (double) random.nextLong();
      default -> {
        double bits;
        do {
          bits = Double.longBitsToDouble(random.nextLong());
        } while (!Double.isFinite(bits));
        yield bits;
      }
    };
  }

  /**
   * Any code points, including quotes, backslashes, control characters and ones outside the BMP.
   */
  private static String randomString(Random random) {
    StringBuilder out = new StringBuilder();
    int length = random.nextInt(12);
    for (int i = 0; i < length; i++) {
      int codePoint =
          switch (random.nextInt(4)) {
            case 0 -> random.nextInt(0x20);
            case 1 -> "\"\\/'{}[],:".charAt(random.nextInt(10));
            case 2 -> random.nextInt(0x20, 0x7f);
            default -> random.nextInt(0x80, 0x10FFFF);
          };
      if (Character.isSurrogate((char) codePoint) && codePoint < 0x10000) {
        codePoint = 'x';
      }
      out.appendCodePoint(codePoint);
    }
    return out.toString();
  }
}
