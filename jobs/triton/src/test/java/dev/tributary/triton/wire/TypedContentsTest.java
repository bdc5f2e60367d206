package dev.tributary.triton.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tributary.triton.protocol.InferTensorContents;
import dev.tributary.triton.tensor.ElementType;
import dev.tributary.triton.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class TypedContentsTest {

  private static final long[] TWO = {2};

  @Test
  void everyTypeWithATypedFormRoundTrips() {
    List<Tensor> tensors =
        List.of(
            Tensor.ofBools("t", TWO, true, false),
            Tensor.ofInt8s("t", TWO, (byte) -128, (byte) 127),
            Tensor.ofUint8s("t", TWO, (byte) 0, (byte) 255),
            Tensor.ofInt16s("t", TWO, Short.MIN_VALUE, Short.MAX_VALUE),
            Tensor.ofUint16s("t", TWO, (short) 0, (short) 0xffff),
            Tensor.ofInt32s("t", TWO, Integer.MIN_VALUE, Integer.MAX_VALUE),
            Tensor.ofUint32s("t", TWO, 0, -1),
            Tensor.ofInt64s("t", TWO, Long.MIN_VALUE, Long.MAX_VALUE),
            Tensor.ofUint64s("t", TWO, 0, -1),
            Tensor.ofFp32s("t", TWO, Float.NaN, -0.0f),
            Tensor.ofFp64s("t", TWO, Double.NEGATIVE_INFINITY, Double.MIN_VALUE),
            Tensor.ofStrings("t", TWO, "", "ß"));
    for (Tensor tensor : tensors) {
      InferTensorContents typed = TypedContents.fromTensor(tensor);
      assertEquals(
          tensor, TypedContents.toTensor("t", tensor.type(), TWO, typed), tensor.type().name());
    }
  }

  @Test
  void smallUnsignedIntegersWidenWithoutSign() {
    InferTensorContents typed =
        TypedContents.fromTensor(Tensor.ofUint8s("t", new long[] {1}, (byte) 255));
    assertEquals(List.of(255), typed.getUintContentsList());
  }

  @Test
  void halfPrecisionHasNoTypedForm() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TypedContents.fromTensor(Tensor.ofFp16s("h", new long[] {1}, 1f)));
    assertEquals(
        "tensor 'h' is FP16, which has no typed contents in the protocol; send it as raw contents",
        e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            TypedContents.toTensor(
                "h", ElementType.BF16, new long[] {1}, InferTensorContents.getDefaultInstance()));
  }

  @Test
  void elementCountMustMatchTheShape() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                TypedContents.toTensor(
                    "x",
                    ElementType.FP32,
                    new long[] {3},
                    InferTensorContents.newBuilder().addFp32Contents(1f).build()));
    assertEquals("tensor 'x' has 1 typed FP32 elements but its shape needs 3", e.getMessage());
  }
}
