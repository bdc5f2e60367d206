package dev.tributary.core.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tributary.core.window.Seeds;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fast path for common forms agrees with java.time on every form it takes. */
class TimestampTextTest {
  private static final DateTimeFormatter[] COMMON_FORMS = {
    DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss"),
    DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss"),
    DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'"),
    DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS"),
    DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.S'Z'"),
    DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS"),
    DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'"),
  };

  @Test
  void commonFormsParseAsJavaTimeReadsThem() {
    long seed = Seeds.base();
    Random random = new Random(seed);
    for (int i = 0; i < 50_000; i++) {
      LocalDateTime time =
          LocalDateTime.ofEpochSecond(
              random.nextLong(0, 4_102_444_800L), random.nextInt(1_000_000_000), ZoneOffset.UTC);
      String text = time.format(COMMON_FORMS[random.nextInt(COMMON_FORMS.length)]);
      LocalDateTime reference = LocalDateTime.parse(text.replace(' ', 'T').replace("Z", ""));
      long expected =
          Math.floorDiv(
              reference.toEpochSecond(ZoneOffset.UTC) * 1_000_000_000L + reference.getNano(),
              1_000_000L);
      assertEquals(expected, TimestampText.parse(text), "seed " + seed + ": " + text);
    }
  }

  @Test
  void formatIsIsoUtcWithMillisecondsOnlyWhenThereAreAny() {
    assertEquals("2001-01-01T00:01:00Z", TimestampText.format(978_307_260_000L));
    assertEquals("2001-01-01T00:01:00.120Z", TimestampText.format(978_307_260_120L));
    assertEquals(978_307_260_120L, TimestampText.parse(TimestampText.format(978_307_260_120L)));
    assertEquals(
        Instant.parse("1969-12-31T23:59:59.999Z").toEpochMilli(),
        TimestampText.parse("1969-12-31T23:59:59.999Z"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2001-02-29T00:00:00",
        "2001-13-01T00:00:00",
        "2001-01-01T24:00:00",
        "2001-01-01T00:60:00",
        "2001-01-01T00:00:60",
        "2001-01-01T00:00:00.1234567891",
        "2001-01-01X00:00:00",
        "2001-01-01T00:00:00ZZ",
        "2001-1-01T00:00:00",
        "",
        "-",
        "12:00:00"
      })
  void rejectsWhatJavaTimeRejects(String text) {
    assertThrows(IllegalArgumentException.class, () -> TimestampText.parse(text));
  }
}
