package dev.tributary.io.file;

/**
 * A file that cannot be read as events at all (missing, unreadable, a header without a declared
 * column, a Parquet column of an incompatible type), as opposed to one bad record in it, which is a
 * rejection. The message names the file and says what to change.
 */
public final class EventFileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public EventFileException(String message) {
    super(message);
  }

  public EventFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
