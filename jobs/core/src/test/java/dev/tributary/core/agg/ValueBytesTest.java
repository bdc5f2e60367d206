package dev.tributary.core.agg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.tributary.core.types.ValueType;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link ValueBytes} must give byte for byte what {@link ValueCodec} writes through a {@code
 * DataOutputStream}: the lookups and the training table's rows decode it with {@link ValueCodec}.
 */
class ValueBytesTest {
  private static final long SEED = Long.getLong("tributary.seed", System.nanoTime());

  @Test
  void randomRowsEncodeAsValueCodecDoes() throws IOException {
    Random random = new Random(SEED);
    ValueBytes fast = new ValueBytes();
    for (int row = 0; row < 2_000; row++) {
      ByteArrayOutputStream expected = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(expected);
      fast.clear();
      int values = random.nextInt(12);
      for (int v = 0; v < values; v++) {
        ValueType type = ValueType.values()[random.nextInt(ValueType.values().length)];
        int kind = random.nextInt(5);
        if (kind == 0) {
          int length = random.nextInt(4) - 1;
          out.writeInt(length);
          fast.writeListSize(length);
          for (int e = 0; e < length; e++) {
            write(random, type, out, fast);
          }
        } else {
          write(random, type, out, fast);
        }
      }
      out.flush();
      assertArrayEquals(
          expected.toByteArray(),
          fast.toByteArray(),
          "row " + row + " (rerun with -Dtributary.seed=" + SEED + ")");
    }
  }

  private static void write(Random random, ValueType type, DataOutputStream out, ValueBytes fast)
      throws IOException {
    if (random.nextInt(6) == 0) {
      ValueCodec.write(out, type, null);
      fast.writeNull();
      return;
    }
    switch (type) {
      case BOOLEAN -> {
        boolean value = random.nextBoolean();
        ValueCodec.write(out, type, value);
        fast.writeBoolean(value);
      }
      case LONG, TIMESTAMP -> {
        long value = random.nextBoolean() ? random.nextLong() : random.nextInt(100) - 50;
        ValueCodec.write(out, type, value);
        fast.writeLong(value);
      }
      case DOUBLE -> {
        double value =
            switch (random.nextInt(5)) {
              case 0 -> Double.NaN;
              case 1 -> -0.0;
              case 2 -> Double.NEGATIVE_INFINITY;
              default -> random.nextGaussian() * 1e6;
            };
        ValueCodec.write(out, type, value);
        fast.writeDouble(value);
      }
      case STRING -> {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(random.nextInt(10) == 0 ? 200 : 8);
        for (int c = 0; c < length; c++) {
          text.appendCodePoint(
              random.nextBoolean() ? 'a' + random.nextInt(26) : 0x80 + random.nextInt(0x10000));
        }
        String value = text.toString();
        ValueCodec.write(out, type, value);
        fast.writeString(value);
      }
    }
  }
}
