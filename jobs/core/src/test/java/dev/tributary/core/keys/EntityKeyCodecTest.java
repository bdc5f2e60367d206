package dev.tributary.core.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EntityKeyCodecTest {
  private static final long SEED = Long.getLong("tributary.seed", System.nanoTime());

  @Test
  void randomKeysDecodeToWhatWasEncoded() {
    Random random = new Random(SEED);
    for (int i = 0; i < 20_000; i++) {
      List<String> values = new ArrayList<>();
      int parts = 1 + random.nextInt(3);
      for (int p = 0; p < parts; p++) {
        values.add(random.nextInt(8) == 0 ? null : text(random));
      }
      assertEquals(
          values,
          EntityKeyCodec.decode(EntityKeyCodec.encode(values)),
          "rerun with -Dtributary.seed=" + SEED);
    }
  }

  @Test
  void aPlainSingleKeyIsItsOwnEncodingAndSpecialCharactersAreEscaped() {
    assertEquals("ORD", EntityKeyCodec.encode(List.of("ORD")));
    assertEquals("A\\|B", EntityKeyCodec.encode(List.of("A|B")));
    assertEquals("A\\\\B", EntityKeyCodec.encode(List.of("A\\B")));
    assertEquals("\\0", EntityKeyCodec.encode(Arrays.asList((Object) null)));
    assertEquals("42", EntityKeyCodec.encode(List.of(42L)));
    assertNotEquals(
        EntityKeyCodec.encode(List.of("A|B", "C")), EntityKeyCodec.encode(List.of("A", "B|C")));
  }

  private static String text(Random random) {
    String alphabet = "ab|\\0Z";
    StringBuilder text = new StringBuilder();
    int length = random.nextInt(5);
    for (int c = 0; c < length; c++) {
      text.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return text.toString();
  }
}
