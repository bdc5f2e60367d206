package dev.tributary.io.file;

import dev.tributary.core.records.ParseOutcome;
import dev.tributary.core.records.RecordOrigin;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The records of several files, one file open at a time. A file that cannot be read at all throws
 * {@link EventFileException} naming it; a bad record in a readable file is a rejection and reading
 * goes on.
 *
 * <p>As a {@link RecordOrigin} it says where the record last returned by {@link #next()} was found
 * (its file and line or row, and its line), until {@link #hasNext()} reads on: a batch job asks
 * when a record it has read cannot be used after all.
 */
public final class EventIterator implements Iterator<ParseOutcome>, AutoCloseable, RecordOrigin {
  private final Iterator<Path> files;
  private final Opener opener;
  private RowSource current;
  private Path currentFile;
  private ParseOutcome next;

  /** The file that read {@link #next}, and the one that read the record last returned. */
  private RowSource nextFrom;

  private RowSource returnedFrom;
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
        nextFrom = current;
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
    returnedFrom = nextFrom;
    return outcome;
  }

  @Override
  public String where() {
    return returned().where();
  }

  @Override
  public String text() {
    return returned().text();
  }

  private RowSource returned() {
    if (returnedFrom == null) {
      throw new IllegalStateException("no record returned yet");
    }
    return returnedFrom;
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
