package dev.tributary.core.monitor;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A monitoring state with a compact byte form, the form a Flink operator keeps in keyed state and
 * checkpoints (a serializer over these bytes, no Kryo).
 */
public interface WritableState {

  void write(DataOutput out) throws IOException;

  /** The state as bytes: {@link #write} into a fresh array. */
  default byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      write(out);
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible);
    }
    return bytes.toByteArray();
  }

  /** Reads a state back from {@link #toBytes()}. */
  static <S> S fromBytes(byte[] bytes, Reader<S> reader) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      return reader.read(in);
    } catch (IOException corrupt) {
      throw new UncheckedIOException("monitoring state bytes are corrupt", corrupt);
    }
  }

  /** The static {@code read(DataInput)} of a state class. */
  @FunctionalInterface
  interface Reader<S> {
    S read(DataInput in) throws IOException;
  }
}
