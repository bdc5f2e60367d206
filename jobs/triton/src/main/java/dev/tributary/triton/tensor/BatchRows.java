package dev.tributary.triton.tensor;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;

/**
 * Joins tensors along the first (batch) dimension and cuts them apart again, on raw bytes: what a
 * dynamic batcher does with the requests it merges into one model run. BYTES rows are found by
 * walking the length prefixes, since their elements vary in size.
 */
public final class BatchRows {

  private BatchRows() {}

  /**
   * Concatenates same-named tensors whose shapes agree past the first dimension.
   *
   * @throws IllegalArgumentException when types or non-batch dimensions differ
   */
  public static Tensor concat(List<Tensor> parts) {
    Tensor first = parts.get(0);
    if (parts.size() == 1) {
      return first;
    }
    long[] shape = first.shape();
    long rows = 0;
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    for (Tensor part : parts) {
      long[] partShape = part.shape();
      if (part.type() != first.type()
          || partShape.length != shape.length
          || !Arrays.equals(partShape, 1, partShape.length, shape, 1, shape.length)) {
        throw new IllegalArgumentException("cannot batch " + part + " with " + first);
      }
      rows += partShape[0];
      raw.writeBytes(part.rawBytes());
    }
    shape[0] = rows;
    return Tensor.fromRaw(first.name(), first.type(), shape, raw.toByteArray());
  }

  /** Rows {@code [fromRow, fromRow + rowCount)} of a tensor with a leading batch dimension. */
  public static Tensor slice(Tensor tensor, long fromRow, long rowCount) {
    long[] shape = tensor.shape();
    if (shape.length == 0 || fromRow < 0 || fromRow + rowCount > shape[0]) {
      throw new IllegalArgumentException(
          "rows " + fromRow + ".." + (fromRow + rowCount) + " are outside " + tensor);
    }
    long perRow = shape[0] == 0 ? 0 : tensor.elementCount() / shape[0];
    byte[] raw = tensor.rawBytes();
    int from;
    int to;
    if (tensor.type().isFixedWidth()) {
      from = Math.toIntExact(fromRow * perRow * tensor.type().byteSize());
      to = Math.toIntExact((fromRow + rowCount) * perRow * tensor.type().byteSize());
    } else {
      int[] offsets = BytesElements.offsets(raw);
      from = offsets[Math.toIntExact(fromRow * perRow)];
      to = offsets[Math.toIntExact((fromRow + rowCount) * perRow)];
    }
    shape[0] = rowCount;
    return Tensor.fromRaw(tensor.name(), tensor.type(), shape, Arrays.copyOfRange(raw, from, to));
  }
}
