package dev.tributary.io.file;

import dev.tributary.core.records.ParseOutcome;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The records of several files, one file open at a time. A file that cannot be read at all throws
 * {@link EventFileException} naming it; a bad record in a readable file is a rejection and reading
 * goes on.
 */
public final class EventIterator implements Iterator<ParseOutcome>, AutoCloseable {
  private final Iterator<Path> files;
  private final Opener opener;
  private RowSource current;
  private Path currentFile;
  private ParseOutcome next;
  private boolean closed;

  /** Opens one file in the format being read. */
  interface Opener {
    RowSource open(Path file) throws IOException;
  }

  EventIterator(List<Path> files, Opener opener) {
    this.files = files.iterator();
    this.opener = opener;
  }

  @Override
  public boolean hasNext() {
    while (next == null) {
      try {
        if (current == null) {
          if (closed || !files.hasNext()) {
            return false;
          }
          currentFile = files.next();
          current = opener.open(currentFile);
        }
        next = current.next();
        if (next == null) {
          current.close();
          current = null;
        }
      } catch (IOException e) {
        close();
        throw new EventFileException(currentFile + ": cannot read: " + e.getMessage(), e);
      } catch (RuntimeException e) {
        close();
        throw e instanceof EventFileException
            ? e
            : new EventFileException(currentFile + ": cannot read: " + e, e);
      }
    }
    return true;
  }

  @Override
  public ParseOutcome next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    ParseOutcome outcome = next;
    next = null;
    return outcome;
  }

  /** Closes the open file; after this there are no more records. */
  @Override
  public void close() {
    closed = true;
    if (current != null) {
      try {
        current.close();
      } catch (IOException e) {
        throw new EventFileException(currentFile + ": cannot close: " + e.getMessage(), e);
      } finally {
        current = null;
      }
    }
  }
}
