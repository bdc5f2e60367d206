package dev.tributary.io.replay;

import dev.tributary.core.records.ParsedEvent;
import dev.tributary.core.types.RowSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.stream.Stream;

/**
 * Events in event-time order, ties in input order, in memory bounded by {@code eventsInMemory}
 * whatever the input size: an external merge sort. Input is cut into runs of that many events, each
 * sorted (stably) and spilled to a {@link SpillFile} in a temporary folder; the runs are then
 * merged with a heap, ties going to the earlier run. An input that fits in one run never touches
 * the disk.
 *
 * <p>Why not sort in memory: 3 M flights as Java objects need 350-650 MB of heap, and a real source
 * holds years of events; spilled runs of the flights cost 46 bytes an event on disk and a 64 KB
 * buffer per run in memory.
 */
final class EventTimeSorter implements AutoCloseable {
  private static final Comparator<ParsedEvent> BY_EVENT_TIME =
      Comparator.comparingLong(ParsedEvent::eventTime);

  private final RowSchema schema;
  private final int eventsInMemory;
  private final List<SpillFile.Reader> open = new ArrayList<>();
  private Path folder;

  EventTimeSorter(RowSchema schema, int eventsInMemory) {
    if (eventsInMemory < 1) {
      throw new IllegalArgumentException("eventsInMemory must be positive, got " + eventsInMemory);
    }
    this.schema = schema;
    this.eventsInMemory = eventsInMemory;
  }

  /** The folder holding the spilled runs; null while nothing has been spilled. */
  Path spillFolder() {
    return folder;
  }

  /** Reads all of {@code events} now; the result is valid until {@link #close()}. */
  Iterator<ParsedEvent> sort(Iterator<ParsedEvent> events) throws IOException {
    List<ParsedEvent> run = new ArrayList<>();
    List<Path> runs = new ArrayList<>();
    while (events.hasNext()) {
      run.add(events.next());
      if (run.size() == eventsInMemory && events.hasNext()) {
        runs.add(spill(run, runs.size()));
        run.clear();
      }
    }
    run.sort(BY_EVENT_TIME);
    if (runs.isEmpty()) {
      return run.iterator();
    }
    runs.add(spill(run, runs.size()));
    run.clear();
    return merge(runs);
  }

  private Path spill(List<ParsedEvent> run, int index) throws IOException {
    if (folder == null) {
      folder = Files.createTempDirectory("tributary-sort-");
    }
    run.sort(BY_EVENT_TIME);
    Path file = folder.resolve("run-" + index);
    SpillFile.write(file, schema, run);
    return file;
  }

  /** The head event of each run, ordered by event time, then by run (earlier input first). */
  private record Head(ParsedEvent event, int run) {}

  private Iterator<ParsedEvent> merge(List<Path> runs) throws IOException {
    PriorityQueue<Head> heads =
        new PriorityQueue<>(
            Comparator.comparingLong((Head h) -> h.event().eventTime())
                .thenComparingInt(Head::run));
    for (int i = 0; i < runs.size(); i++) {
      SpillFile.Reader reader = new SpillFile.Reader(runs.get(i), schema);
      open.add(reader);
      heads.add(new Head(reader.next(), i));
    }
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return !heads.isEmpty();
      }

      @Override
      public ParsedEvent next() {
        Head head = heads.poll();
        if (head == null) {
          throw new NoSuchElementException();
        }
        try {
          ParsedEvent following = open.get(head.run()).next();
          if (following != null) {
            heads.add(new Head(following, head.run()));
          }
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read back a sorted run from " + folder, e);
        }
        return head.event();
      }
    };
  }

  /** Deletes the spilled runs. */
  @Override
  public void close() throws IOException {
    for (SpillFile.Reader reader : open) {
      reader.close();
    }
    open.clear();
    if (folder != null) {
      try (Stream<Path> files = Files.list(folder)) {
        for (Path file : files.toList()) {
          Files.delete(file);
        }
      }
      Files.delete(folder);
      folder = null;
    }
  }
}
