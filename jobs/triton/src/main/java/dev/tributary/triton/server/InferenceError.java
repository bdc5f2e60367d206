package dev.tributary.triton.server;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * A request the server refuses, with the gRPC status Triton would give and a message in Triton's
 * wording, so that clients written against Triton see the same codes here.
 */
final class InferenceError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final Status.Code code;

  private InferenceError(Status.Code code, String message) {
    super(message);
    this.code = code;
  }

  static InferenceError invalidArgument(String message) {
    return new InferenceError(Status.Code.INVALID_ARGUMENT, message);
  }

  static InferenceError notFound(String message) {
    return new InferenceError(Status.Code.NOT_FOUND, message);
  }

  static InferenceError unavailable(String message) {
    return new InferenceError(Status.Code.UNAVAILABLE, message);
  }

  static InferenceError resourceExhausted(String message) {
    return new InferenceError(Status.Code.RESOURCE_EXHAUSTED, message);
  }

  /** Triton's UNSUPPORTED: a feature this server does not offer. */
  static InferenceError unimplemented(String message) {
    return new InferenceError(Status.Code.UNIMPLEMENTED, message);
  }

  static InferenceError internal(String message) {
    return new InferenceError(Status.Code.INTERNAL, message);
  }

  Status.Code code() {
    return code;
  }

  StatusRuntimeException toStatus() {
    return Status.fromCode(code).withDescription(getMessage()).asRuntimeException();
  }
}
