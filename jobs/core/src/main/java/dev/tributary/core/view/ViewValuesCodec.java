package dev.tributary.core.view;

import dev.tributary.core.agg.ByteArrayDataInput;
import dev.tributary.core.agg.ValueCodec;
import dev.tributary.core.types.RowSchema;
import dev.tributary.core.window.ViewSpec;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Compact bytes for what flows between a job's operators: a source row, a view's per-feature inputs
 * of one event, and a view's per-feature values of one row. Operators exchange bytes so Flink never
 * falls back to Kryo for {@code Object[]} (the jobs run with {@code pipeline.generic-types:
 * false}).
 */
public final class ViewValuesCodec {
  private ViewValuesCodec() {}

  /** Encodes a source row, typed by its schema. */
  public static byte[] encodeRow(RowSchema schema, Object[] row) {
    return write(
        out -> {
          for (int i = 0; i < schema.size(); i++) {
            ValueCodec.write(out, schema.column(i).type(), row[i]);
          }
        });
  }

  public static Object[] decodeRow(RowSchema schema, byte[] bytes) {
    return read(
        bytes,
        in -> {
          Object[] row = new Object[schema.size()];
          for (int i = 0; i < row.length; i++) {
            row[i] = ValueCodec.read(in, schema.column(i).type());
          }
          return row;
        });
  }

  /** Encodes one event's inputs, typed by each feature's input type. */
  public static byte[] encodeInputs(ViewSpec spec, Object[] inputs) {
    return write(
        out -> {
          for (int i = 0; i < spec.size(); i++) {
            ValueCodec.write(out, spec.feature(i).inputType(), inputs[i]);
          }
        });
  }

  public static Object[] decodeInputs(ViewSpec spec, byte[] bytes) {
    return read(
        bytes,
        in -> {
          Object[] inputs = new Object[spec.size()];
          for (int i = 0; i < inputs.length; i++) {
            inputs[i] = ValueCodec.read(in, spec.feature(i).inputType());
          }
          return inputs;
        });
  }

  /** Encodes one row's feature values (lists for last_n). */
  public static byte[] encodeValues(ViewSpec spec, Object[] values) {
    return write(
        out -> {
          for (int i = 0; i < spec.size(); i++) {
            ValueCodec.writeResult(out, spec.feature(i), values[i]);
          }
        });
  }

  public static Object[] decodeValues(ViewSpec spec, byte[] bytes) {
    return read(
        bytes,
        in -> {
          Object[] values = new Object[spec.size()];
          for (int i = 0; i < values.length; i++) {
            values[i] = ValueCodec.readResult(in, spec.feature(i));
          }
          return values;
        });
  }

  private interface Writer {
    void write(DataOutputStream out) throws IOException;
  }

  private interface Reader<T> {
    T read(DataInput in) throws IOException;
  }

  private static byte[] write(Writer writer) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      writer.write(out);
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible);
    }
    return bytes.toByteArray();
  }

  private static <T> T read(byte[] bytes, Reader<T> reader) {
    try {
      return reader.read(new ByteArrayDataInput(bytes));
    } catch (IOException corrupt) {
      throw new UncheckedIOException("corrupt view values (" + bytes.length + " bytes)", corrupt);
    }
  }
}
