package dev.tributary.triton.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import dev.tributary.triton.protocol.GRPCInferenceServiceGrpc;
import dev.tributary.triton.protocol.ModelInferRequest;
import dev.tributary.triton.protocol.ModelInferResponse;
import dev.tributary.triton.tensor.Tensor;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/**
 * A server that breaks the raw layout: the client reports it as INTERNAL, naming the model, not as
 * a bare exception.
 */
class MalformedResponseTest {

  @Test
  void rawContentsThatDoNotFitTheirShapeAreAnInternalError() throws Exception {
    Server server =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(
                new GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase() {
                  @Override
                  public void modelInfer(
                      ModelInferRequest request, StreamObserver<ModelInferResponse> response) {
                    response.onNext(
                        ModelInferResponse.newBuilder()
                            .setModelName(request.getModelName())
                            .addOutputs(
                                ModelInferResponse.InferOutputTensor.newBuilder()
                                    .setName("y")
                                    .setDatatype("FP32")
                                    .addShape(2))
                            .addRawOutputContents(ByteString.copyFrom(new byte[4]))
                            .build());
                    response.onCompleted();
                  }
                })
            .build()
            .start();
    try (TritonClient client =
        TritonClient.builder().endpoint("127.0.0.1:" + server.getPort()).build()) {
      TritonException e =
          assertThrows(
              TritonException.class,
              () ->
                  client.infer(
                      InferRequest.builder("m")
                          .version(3)
                          .input(Tensor.ofFp32s("x", new long[] {1}, 1f))
                          .build()));
      assertEquals(Status.Code.INTERNAL, e.code());
      assertEquals("m", e.model());
      assertEquals("3", e.version());
      assertEquals(
          "malformed response: tensor 'y' of type FP32 and shape [2] needs 8 raw bytes but has 4",
          e.serverMessage());
    } finally {
      server.shutdownNow();
    }
  }
}
