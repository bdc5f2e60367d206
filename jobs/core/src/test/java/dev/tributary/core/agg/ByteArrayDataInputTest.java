package dev.tributary.core.agg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link ByteArrayDataInput} reads back what {@code DataOutputStream} wrote, as its stream does.
 */
class ByteArrayDataInputTest {
  private static final long SEED = Long.getLong("tributary.seed", System.nanoTime());

  @Test
  void readsBackARandomSequenceOfEveryKind() throws IOException {
    Random random = new Random(SEED);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    List<Object> written = new ArrayList<>();
    List<Integer> kinds = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      int kind = random.nextInt(11);
      kinds.add(kind);
      switch (kind) {
        case 0 -> written.add(write(out::writeBoolean, random.nextBoolean()));
        case 1 -> written.add(write(v -> out.writeByte(v), (byte) random.nextInt()));
        case 2 -> written.add(write(v -> out.writeShort(v), (short) random.nextInt()));
        case 3 -> written.add(write(v -> out.writeChar(v), (char) random.nextInt()));
        case 4 -> written.add(write(out::writeInt, random.nextInt()));
        case 5 -> written.add(write(out::writeLong, random.nextLong()));
        case 6 -> written.add(write(out::writeFloat, random.nextFloat() - 0.5f));
        case 7 -> written.add(write(out::writeDouble, random.nextGaussian() * 1e9));
        case 8 -> written.add(write(out::writeUTF, "é|" + random.nextInt()));
        case 9 -> written.add(write(v -> out.writeByte(v), (int) (byte) random.nextInt()));
        default -> {
          byte[] array = new byte[random.nextInt(20)];
          random.nextBytes(array);
          out.write(array);
          written.add(array);
        }
      }
    }
    out.flush();
    ByteArrayDataInput in = new ByteArrayDataInput(bytes.toByteArray());
    for (int i = 0; i < written.size(); i++) {
      Object expected = written.get(i);
      String where = "item " + i + " (rerun with -Dtributary.seed=" + SEED + ")";
      switch (kinds.get(i)) {
        case 0 -> assertEquals(expected, in.readBoolean(), where);
        case 1 -> assertEquals(expected, in.readByte(), where);
        case 2 -> assertEquals(expected, in.readShort(), where);
        case 3 -> assertEquals(expected, in.readChar(), where);
        case 4 -> assertEquals(expected, in.readInt(), where);
        case 5 -> assertEquals(expected, in.readLong(), where);
        case 6 -> assertEquals(expected, in.readFloat(), where);
        case 7 -> assertEquals(expected, in.readDouble(), where);
        case 8 -> assertEquals(expected, in.readUTF(), where);
        case 9 -> assertEquals(((Integer) expected) & 0xff, in.readUnsignedByte(), where);
        default -> {
          byte[] read = new byte[((byte[]) expected).length];
          in.readFully(read);
          assertArrayEquals((byte[]) expected, read, where);
        }
      }
    }
    assertEquals(0, in.remaining());
  }

  @Test
  void aReadPastTheEndIsAnEndOfFileAndSkipStopsAtTheEnd() throws IOException {
    ByteArrayDataInput in = new ByteArrayDataInput(new byte[] {0, 0, 0, 7, 1, 2});
    assertEquals(7, in.readInt());
    assertThrows(EOFException.class, in::readInt);
    assertEquals(2, in.skipBytes(5));
    assertThrows(EOFException.class, in::readByte);
  }

  private interface Writer<T> {
    void write(T value) throws IOException;
  }

  private static <T> T write(Writer<T> writer, T value) throws IOException {
    writer.write(value);
    return value;
  }
}
