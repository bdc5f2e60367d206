package dev.tributary.serve;

/**
 * A request the server could not answer because a service behind it is down or too slow (Redis,
 * Triton): HTTP 503, gRPC {@code UNAVAILABLE}, with the reason. Callers may retry.
 */
public final class ServeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ServeException(String message, Throwable cause) {
    super(message, cause);
  }
}
