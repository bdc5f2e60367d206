package dev.tributary.bench.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tributary.bench.BenchmarkData;
import dev.tributary.core.defs.FileInput;
import dev.tributary.core.defs.Source;
import dev.tributary.core.records.TimestampRange;
import dev.tributary.embedded.junit.KafkaExtension;
import dev.tributary.io.file.EventFileReader;
import dev.tributary.io.file.EventIterator;
import dev.tributary.io.file.InputFixtures;
import dev.tributary.io.replay.EventReplayer;
import dev.tributary.io.replay.ReplaySummary;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Throughput of reading the 3 M flights Parquet and of replaying it into Kafka, for
 * docs/sources.md. Opt-in ({@code -Dtributary.benchmark=true}) and only where the data set exists.
 */
class InputBenchmark {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  private final Source flights = InputFixtures.flights();

  private EventFileReader reader() {
    Path parquet = BenchmarkData.flights3mOrSkip();
    return new EventFileReader(flights, new FileInput(parquet, "parquet"), TimestampRange.DEFAULT);
  }

  @Test
  void readsTheParquet() {
    EventFileReader reader = reader();
    for (int pass = 1; pass <= 3; pass++) {
      long started = System.nanoTime();
      long rows = 0;
      try (EventIterator events = reader.open()) {
        while (events.hasNext()) {
          events.next();
          rows++;
        }
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      System.out.printf(
          "read pass %d: %,d rows in %.2f s, %,.0f rows/s%n", pass, rows, seconds, rows / seconds);
      assertEquals(3_000_000, rows);
    }
  }

  @Test
  void replaysTheParquetInEventTimeOrder() throws Exception {
    EventFileReader reader = reader();
    KAFKA.createTopic("flights", 1);
    long started = System.nanoTime();
    ReplaySummary summary =
        EventReplayer.builder()
            .files(reader)
            .bootstrapServers(KAFKA.bootstrapServers())
            .progress(new PrintWriter(System.out), false)
            .build()
            .run();
    System.out.printf(
        "replay: %s; %.1f s in all, reading and sorting included%n",
        summary, (System.nanoTime() - started) / 1e9);
    assertEquals(3_000_000, summary.published());
  }
}
