package dev.tributary.serve;

/**
 * A request the server cannot answer because of what it asks: HTTP 400 (413 when too large), gRPC
 * {@code INVALID_ARGUMENT}. The message names the field or reference and what to send instead.
 */
public final class BadRequestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final boolean tooLarge;

  public BadRequestException(String message) {
    this(message, false);
  }

  private BadRequestException(String message, boolean tooLarge) {
    super(message);
    this.tooLarge = tooLarge;
  }

  /** A request over one of the server's limits (body size, entities). */
  public static BadRequestException tooLarge(String message) {
    return new BadRequestException(message, true);
  }

  public boolean tooLarge() {
    return tooLarge;
  }
}
