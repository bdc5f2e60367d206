package dev.tributary.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.Source;
import dev.tributary.core.records.ParsedEvent;
import dev.tributary.core.records.TextRowParser;
import dev.tributary.core.records.TimestampRange;
import dev.tributary.embedded.EventTables;
import dev.tributary.embedded.LocalIcebergCatalog;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batch commands as a user drives them with an Iceberg table of flights: {@code backfill
 * --table}, then {@code training-set --table --parquet} (recomputing from the same table), in local
 * MiniClusters on the local catalog; and a table that does not exist is refused by name.
 */
class BatchTableInputTest {
  @TempDir Path dataDir;

  @Test
  void backfillAndTrainingSetReadTheFlightsFromATableAndWriteTheSetAsParquet() throws Exception {
    String defs = Checkout.exampleDefinitions().toString();
    List<List<Object>> flights;
    try (LocalIcebergCatalog catalog = LocalIcebergCatalog.open(dataDir.resolve("iceberg"))) {
      flights = writeFlightsOfJanuaryFirst(catalog);
    }
    // The spine: every flight whose prediction time (2 hours before departure) is in the range.
    OffsetDateTime from = OffsetDateTime.parse("2001-01-01T06:00:00Z");
    List<List<Object>> predicted =
        flights.stream()
            .filter(f -> !((OffsetDateTime) f.get(0)).minusHours(2).isBefore(from))
            .toList();
    long late = predicted.stream().filter(f -> (Long) f.get(1) > 15).count();
    run(
        0,
        "backfill",
        defs,
        "--from",
        "2001-01-01",
        "--to",
        "2001-01-02",
        "--table",
        "flights=raw.flights");
    Path parquet = dataDir.resolve("flight_delay.parquet");
    run(
        0,
        "training-set",
        defs,
        "--model",
        "flight_delay",
        "--from",
        "2001-01-01T06:00:00Z",
        "--to",
        "2001-01-02",
        "--strategy",
        "recompute",
        "--table",
        "flights=raw.flights",
        "--parquet",
        parquet.toString());

    try (LocalIcebergCatalog catalog = LocalIcebergCatalog.open(dataDir.resolve("iceberg"))) {
      Table set = catalog.catalog().loadTable(TableIdentifier.of("training", "flight_delay"));
      long snapshot =
          catalog
              .catalog()
              .loadTable(TableIdentifier.parse("raw.flights"))
              .currentSnapshot()
              .snapshotId();
      assertEquals("raw.flights@" + snapshot, set.properties().get("tributary.spine-table"));
      assertEquals("raw.flights@" + snapshot, set.properties().get("tributary.source-table"));
      assertEquals(parquet.toAbsolutePath().toString(), set.properties().get("tributary.parquet"));
      long rows = count(IcebergGenerics.read(set).build());
      assertEquals(predicted.size(), rows, "one training row per flight predicted in the range");
      assertEquals(
          late,
          count(
              CloseableIterable.filter(
                  IcebergGenerics.read(set).build(),
                  r -> Boolean.TRUE.equals(r.getField("label")))),
          "labels: delay > 15");
      Schema schema = set.schema();
      assertEquals(
          rows,
          count(
              Parquet.read(org.apache.iceberg.Files.localInput(parquet.toFile()))
                  .project(schema)
                  .createReaderFunc(
                      fileSchema -> GenericParquetReaders.buildReader(schema, fileSchema))
                  .build()));
    }
  }

  @Test
  void aTableThatDoesNotExistIsRefusedByName() throws Exception {
    String err =
        run(
            1,
            "backfill",
            Checkout.exampleDefinitions().toString(),
            "--from",
            "2001-01-01",
            "--to",
            "2001-01-02",
            "--table",
            "flights=raw.nowhere");
    assertTrue(err.contains("raw.nowhere") && err.contains("does not exist"), err);
  }

  /** Runs a command line, checks its exit code and returns what it wrote to stderr. */
  private String run(int expected, String... command) {
    return CommandRun.run(dataDir, expected, command).err();
  }

  /** The sample's flights scheduled on 2001-01-01, as another system would keep them in Iceberg. */
  private static List<List<Object>> writeFlightsOfJanuaryFirst(LocalIcebergCatalog catalog)
      throws Exception {
    Source flights =
        FeatureRepository.load(Checkout.exampleDefinitions()).source("flights").orElseThrow();
    TextRowParser parser = new TextRowParser(flights, TimestampRange.DEFAULT);
    List<List<Object>> rows = new ArrayList<>();
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(flights.files().orElseThrow().path())),
                StandardCharsets.UTF_8))) {
      lines.readLine();
      for (String line = lines.readLine();
          line != null && line.compareTo("2001-01-02") < 0;
          line = lines.readLine()) {
        Object[] row = ((ParsedEvent) parser.parse(line.split(",", -1))).row();
        rows.add(
            List.of(
                OffsetDateTime.ofInstant(Instant.ofEpochMilli((Long) row[0]), ZoneOffset.UTC),
                row[1],
                row[2],
                row[3],
                row[4]));
      }
    }
    Table table =
        EventTables.create(
            catalog.catalog(),
            "raw.flights",
            new Schema(
                Types.NestedField.required(1, "date", Types.TimestampType.withZone()),
                Types.NestedField.required(2, "delay", Types.LongType.get()),
                Types.NestedField.required(3, "distance", Types.LongType.get()),
                Types.NestedField.required(4, "origin", Types.StringType.get()),
                Types.NestedField.required(5, "destination", Types.StringType.get())));
    EventTables.append(table, rows);
    return rows;
  }

  private static long count(CloseableIterable<Record> records) throws Exception {
    try (records) {
      long count = 0;
      for (Record ignored : records) {
        count++;
      }
      return count;
    }
  }
}
