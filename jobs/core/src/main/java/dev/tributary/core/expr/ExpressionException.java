package dev.tributary.core.expr;

/**
 * A problem with an expression's text or types, found before anything runs.
 *
 * <p>Carries the zero-based character offset inside the expression so that the definition loader
 * can point at the exact line and column of the YAML file the expression came from.
 */
public final class ExpressionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int offset;

  public ExpressionException(int offset, String message) {
    super(message);
    this.offset = offset;
  }

  /** Zero-based character offset of the problem inside the expression text. */
  public int offset() {
    return offset;
  }
}
