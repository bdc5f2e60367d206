package dev.tributary.triton.tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The raw layout of a BYTES tensor: for each element in row-major order, a 4-byte little-endian
 * unsigned length followed by that many bytes, with no padding. This is the layout Triton expects
 * in {@code raw_input_contents} and writes in {@code raw_output_contents}; clients that send the
 * bare strings instead get a size error from the server.
 */
public final class BytesElements {

  private static final int PREFIX = Integer.BYTES;

  private BytesElements() {}

  /** Lays out the elements with their length prefixes. */
  public static byte[] encode(List<byte[]> elements) {
    long size = 0;
    for (byte[] element : elements) {
      size += PREFIX + element.length;
    }
    if (size > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("BYTES tensor of " + size + " bytes exceeds 2 GiB");
    }
    ByteBuffer out = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
    for (byte[] element : elements) {
      out.putInt(element.length).put(element);
    }
    return out.array();
  }

  /**
   * Splits raw contents into elements.
   *
   * @throws IllegalArgumentException when a length prefix is cut short or points past the end
   */
  public static List<byte[]> decode(byte[] raw) {
    ByteBuffer in = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    List<byte[]> elements = new ArrayList<>();
    while (in.hasRemaining()) {
      if (in.remaining() < PREFIX) {
        throw new IllegalArgumentException(
            "BYTES contents end inside the 4-byte length prefix of element "
                + elements.size()
                + " ("
                + in.remaining()
                + " bytes left)");
      }
      long length = Integer.toUnsignedLong(in.getInt());
      if (length > in.remaining()) {
        throw new IllegalArgumentException(
            "BYTES element "
                + elements.size()
                + " declares "
                + length
                + " bytes but only "
                + in.remaining()
                + " remain");
      }
      byte[] element = new byte[(int) length];
      in.get(element);
      elements.add(element);
    }
    return elements;
  }

  /** The byte offset where each element's prefix starts, plus the total length at the end. */
  public static int[] offsets(byte[] raw) {
    List<byte[]> elements = decode(raw);
    int[] offsets = new int[elements.size() + 1];
    int at = 0;
    for (int i = 0; i < elements.size(); i++) {
      offsets[i] = at;
      at += PREFIX + elements.get(i).length;
    }
    offsets[elements.size()] = at;
    return offsets;
  }
}
