package dev.tributary.triton.server;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import dev.tributary.triton.tensor.ElementType;
import dev.tributary.triton.tensor.Tensor;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts protocol tensors to ONNX Runtime tensors and back without touching elements: the raw
 * little-endian bytes are handed to ONNX Runtime as a direct buffer in native order, which is
 * little-endian on every platform ONNX Runtime's Java package ships for.
 *
 * <p>ONNX Runtime's Java API has no unsigned 16/32/64-bit types. UINT16/UINT32/UINT64 tensors are
 * therefore fed as the same-width signed type carrying the same bits, which works when the ONNX
 * graph declares that signed type; BYTES elements are fed as strings, so they must be UTF-8.
 */
final class OrtTensors {

  static {
    if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
      throw new ExceptionInInitializerError(
          "the local Triton server needs a little-endian platform");
    }
  }

  private OrtTensors() {}

  /**
   * Rejects, before the request is queued with others, an input ONNX Runtime would silently alter:
   * BYTES elements that are not UTF-8 (they become Java strings on the way in).
   *
   * @throws InferenceError INVALID_ARGUMENT naming the element and input
   */
  static void checkFeedable(Tensor tensor) {
    if (tensor.type() != ElementType.BYTES) {
      return;
    }
    CharsetDecoder utf8 =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    List<byte[]> elements = tensor.asBytes();
    for (int i = 0; i < elements.size(); i++) {
      try {
        utf8.decode(ByteBuffer.wrap(elements.get(i)));
      } catch (CharacterCodingException e) {
        throw InferenceError.invalidArgument(
            "BYTES element "
                + i
                + " of input '"
                + tensor.name()
                + "' is not valid UTF-8; the local server passes BYTES to ONNX Runtime as strings");
      }
    }
  }

  static OnnxTensor toOnnx(OrtEnvironment env, Tensor tensor) throws OrtException {
    long[] shape = tensor.shape();
    if (tensor.type() == ElementType.BYTES) {
      List<byte[]> elements = tensor.asBytes();
      String[] strings = new String[elements.size()];
      for (int i = 0; i < strings.length; i++) {
        strings[i] = new String(elements.get(i), StandardCharsets.UTF_8);
      }
      return OnnxTensor.createTensor(env, strings, shape);
    }
    byte[] raw = tensor.rawBytes();
    ByteBuffer direct = ByteBuffer.allocateDirect(raw.length).order(ByteOrder.nativeOrder());
    direct.put(raw).rewind();
    return OnnxTensor.createTensor(env, direct, shape, javaType(tensor.type()));
  }

  /** Reads an ONNX Runtime output as a protocol tensor of the type config.pbtxt declares. */
  static Tensor fromOnnx(String name, ElementType declared, OnnxTensor value) throws OrtException {
    TensorInfo info = value.getInfo();
    long[] shape = info.getShape();
    if (declared == ElementType.BYTES) {
      if (info.type != OnnxJavaType.STRING) {
        throw new IllegalStateException(
            "output '"
                + name
                + "' is declared TYPE_STRING but the model produces "
                + info.onnxType);
      }
      List<String> strings = new ArrayList<>();
      flatten(value.getValue(), strings);
      List<byte[]> elements = new ArrayList<>(strings.size());
      for (String s : strings) {
        elements.add(s.getBytes(StandardCharsets.UTF_8));
      }
      return Tensor.ofBytes(name, shape, elements);
    }
    if (info.type.size != declared.byteSize()) {
      throw new IllegalStateException(
          "output '"
              + name
              + "' is declared "
              + declared
              + " but the model produces "
              + info.onnxType);
    }
    ByteBuffer buffer = value.getByteBuffer();
    byte[] raw = new byte[buffer.remaining()];
    buffer.get(raw);
    return Tensor.fromRaw(name, declared, shape, raw);
  }

  /** The ONNX element type that carries a protocol type, by the bit-reinterpretation rule above. */
  static TensorInfo.OnnxTensorType carrier(ElementType type) {
    return switch (type) {
      case BOOL -> TensorInfo.OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_BOOL;
      case UINT8 -> TensorInfo.OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8;
      case INT8 -> TensorInfo.OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_INT8;
      case INT16, UINT16 -> TensorInfo.OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_INT16;
      case INT32, UINT32 -> TensorInfo.OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32;
      case INT64, UINT64 -> TensorInfo.OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64;
      case FP16 -> TensorInfo.OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT16;
      case BF16 -> TensorInfo.OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_BFLOAT16;
      case FP32 -> TensorInfo.OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT;
      case FP64 -> TensorInfo.OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE;
      case BYTES -> TensorInfo.OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_STRING;
    };
  }

  /** Output types may be the exact unsigned type too, since reading needs no unsigned Java type. */
  static boolean readableAs(TensorInfo.OnnxTensorType produced, ElementType declared) {
    if (produced == carrier(declared)) {
      return true;
    }
    return switch (declared) {
      case UINT16 -> produced == TensorInfo.OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT16;
      case UINT32 -> produced == TensorInfo.OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT32;
      case UINT64 -> produced == TensorInfo.OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT64;
      default -> false;
    };
  }

  private static OnnxJavaType javaType(ElementType type) {
    return switch (type) {
      case BOOL -> OnnxJavaType.BOOL;
      case UINT8 -> OnnxJavaType.UINT8;
      case INT8 -> OnnxJavaType.INT8;
      case INT16, UINT16 -> OnnxJavaType.INT16;
      case INT32, UINT32 -> OnnxJavaType.INT32;
      case INT64, UINT64 -> OnnxJavaType.INT64;
      case FP16 -> OnnxJavaType.FLOAT16;
      case BF16 -> OnnxJavaType.BFLOAT16;
      case FP32 -> OnnxJavaType.FLOAT;
      case FP64 -> OnnxJavaType.DOUBLE;
      case BYTES -> OnnxJavaType.STRING;
    };
  }

  private static void flatten(Object value, List<String> out) {
    if (value instanceof String s) {
      out.add(s);
    } else {
      for (int i = 0; i < Array.getLength(value); i++) {
        flatten(Array.get(value, i), out);
      }
    }
  }
}
