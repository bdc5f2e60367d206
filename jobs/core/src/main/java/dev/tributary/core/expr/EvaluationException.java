package dev.tributary.core.expr;

/** A value that an expression could not compute for one record (overflow, non-finite result). */
public final class EvaluationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public EvaluationException(String message) {
    super(message);
  }
}
