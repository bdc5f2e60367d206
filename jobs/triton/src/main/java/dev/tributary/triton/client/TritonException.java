package dev.tributary.triton.client;

import io.grpc.Status;

/**
 * A failed call to a Triton server: the gRPC status code, Triton's own message, and the model and
 * version the call was about (empty for server-level calls), after {@link #attempts()} attempts.
 */
public final class TritonException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final Status.Code code;
  private final String model;
  private final String version;
  private final String serverMessage;
  private final int attempts;

  TritonException(
      String call, Status status, String model, String version, int attempts, Throwable cause) {
    super(describe(call, status, model, version, attempts), cause);
    this.code = status.getCode();
    this.model = model;
    this.version = version;
    this.serverMessage = status.getDescription() == null ? "" : status.getDescription();
    this.attempts = attempts;
  }

  /**
   * The gRPC status code, e.g. INVALID_ARGUMENT for a wrong shape, NOT_FOUND for a version not
   * loaded.
   */
  public Status.Code code() {
    return code;
  }

  public String model() {
    return model;
  }

  /** The version asked for; empty when the server was left to choose. */
  public String version() {
    return version;
  }

  /** The server's message as it sent it. */
  public String serverMessage() {
    return serverMessage;
  }

  public int attempts() {
    return attempts;
  }

  private static String describe(
      String call, Status status, String model, String version, int attempts) {
    StringBuilder out = new StringBuilder(call);
    if (!model.isEmpty()) {
      out.append(" of model '")
          .append(model)
          .append("' version ")
          .append(version.isEmpty() ? "(server's choice)" : "'" + version + "'");
    }
    out.append(" failed with ").append(status.getCode());
    if (status.getDescription() != null) {
      out.append(": ").append(status.getDescription());
    }
    if (attempts > 1) {
      out.append(" (after ").append(attempts).append(" attempts)");
    }
    return out.toString();
  }
}
