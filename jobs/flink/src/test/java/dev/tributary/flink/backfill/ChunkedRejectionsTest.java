package dev.tributary.flink.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.rejection.RejectionLimit;
import dev.tributary.core.rejection.TooManyRejections;
import dev.tributary.core.view.ViewProgram;
import dev.tributary.embedded.EventTables;
import dev.tributary.embedded.LocalIcebergCatalog;
import dev.tributary.embedded.junit.FlinkClusterExtension;
import dev.tributary.embedded.junit.IcebergCatalogExtension;
import dev.tributary.flink.HistoryRows;
import dev.tributary.flink.iceberg.CatalogConfig;
import dev.tributary.flink.iceberg.DeadLetterTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --max-rejected} judges a chunked backfill as a whole, before anything commits (#20). The
 * file holds four days of payments; every bad record sits in the last day, the fourth chunk of a
 * run in chunks of one day: three malformed lines (rejected by every chunk, since each reads the
 * whole file) and twelve payments whose view input overflows a long (rejected only by the chunk
 * whose days they fall in: the others do not need them). With a limit of 10, each of the first
 * three chunks alone rejects 3 and would commit; the run as a whole rejects 15 and must fail before
 * the first commit, saying so with the totals. With a limit of 20 the chunked run writes what one
 * run writes, and its dead letters hold each bad record once (replacing those of the one run over
 * the same range), each with its file and line in front of its reason and the line as its payload,
 * the overflowing payments as much as the malformed lines. The same payments read from an Iceberg
 * table dead-letter their overflows with the table, snapshot, data file and row position.
 */
class ChunkedRejectionsTest {
  @RegisterExtension static final IcebergCatalogExtension ICEBERG = new IcebergCatalogExtension();
  @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

  private static final long SEED = Long.getLong("tributary.seed", 2020L);
  private static final long FROM = Instant.parse("2001-01-01T00:00:00Z").toEpochMilli();
  private static final long TO = Instant.parse("2001-01-05T00:00:00Z").toEpochMilli();
  private static final long LAST_DAY = Instant.parse("2001-01-04T00:00:00Z").toEpochMilli();
  private static final long OVERFLOWING = 10_000_000_000_000L;

  private final CatalogConfig catalog =
      new CatalogConfig(LocalIcebergCatalog.NAME, ICEBERG.properties());

  @Test
  void badRecordsInALaterChunkFailTheWholeRunBeforeAnythingCommits(@TempDir Path root)
      throws Exception {
    Payments payments = Payments.write(root, new Random(SEED));
    FeatureRepository definitions = FeatureRepository.load(root);
    ChunkedBackfill strict =
        new ChunkedBackfill(definitions, settings("strict", RejectionLimit.count(10)), 1);
    assertEquals(4, strict.chunks().size(), "four days in chunks of one");

    Exception failed = assertThrows(Exception.class, () -> strict.run(FLINK::environment));
    String message = RejectedRecordsTest.tooManyRejections(failed);
    assertTrue(
        message.startsWith(
            TooManyRejections.PREFIX
                + "events of payments: 15 of 2,003 records rejected (0.75 %), more than"
                + " --max-rejected 10."),
        message);
    ViewProgram spend =
        new BackfillJob(definitions, settings("x", RejectionLimit.DEFAULT)).programs().get(0);
    TableIdentifier history = TableIdentifier.of("features", spend.view().versionedName());
    assertEquals(
        null, RejectedRecordsTest.snapshot(ICEBERG.catalog(), history), "no history row committed");
    assertEquals(
        null,
        RejectedRecordsTest.snapshot(ICEBERG.catalog(), DeadLetterTable.IDENTIFIER),
        "no dead letter committed");

    BackfillJob whole = new BackfillJob(definitions, settings("whole", RejectionLimit.count(20)));
    StreamExecutionEnvironment env = FLINK.environment();
    whole.build(env);
    env.execute("one run");
    whole.finish();
    HistoryRows once = HistoryRows.read(ICEBERG.catalog(), spend);
    assertDeadLetters(payments, "one run");

    ChunkedBackfill chunked =
        new ChunkedBackfill(definitions, settings("chunked", RejectionLimit.count(20)), 1);
    ChunkedBackfill.Result result = chunked.run(FLINK::environment);
    SameHistory.assertReplaced(
        once, HistoryRows.read(ICEBERG.catalog(), spend), FROM, TO, "chunked", "chunked run");
    assertDeadLetters(payments, "chunked run after the one run");
    assertTrue(
        result
            .rejectionSummary()
            .startsWith(
                "events of payments: 2,003 records read: 1,988 used, 0 not needed, 15 rejected"
                    + " (0.75 %)"),
        result.rejectionSummary());
  }

  @Test
  void overflowsReadFromATableSayTheSnapshotFileAndPosition(@TempDir Path root) throws Exception {
    Payments payments = Payments.write(root, new Random(SEED));
    List<List<Object>> rows = new ArrayList<>();
    Map<Integer, Long> overflowing = new TreeMap<>();
    for (String line : Files.readAllLines(payments.file()).subList(1, 2_004)) {
      String[] f = line.split(",");
      if (!f[2].equals("lots")) {
        long amount = Long.parseLong(f[2]);
        if (payments.overflowing().contains(amount)) {
          overflowing.put(rows.size(), amount);
        }
        rows.add(List.of(Instant.parse(f[0]).atOffset(ZoneOffset.UTC), f[1], amount));
      }
    }
    assertEquals(12, overflowing.size());
    Table table =
        EventTables.create(
            ICEBERG.catalog(),
            "raw.payments",
            new Schema(
                Types.NestedField.optional(1, "ts", Types.TimestampType.withZone()),
                Types.NestedField.optional(2, "user", Types.StringType.get()),
                Types.NestedField.optional(3, "amount", Types.LongType.get())));
    String dataFile = EventTables.append(table, rows);
    long snapshot = table.currentSnapshot().snapshotId();

    BackfillJob job =
        new BackfillJob(
            FeatureRepository.load(root),
            new BackfillSettings(
                    catalog,
                    "from-table",
                    FROM,
                    TO,
                    List.of("spend"),
                    Map.of(),
                    Map.of("payments", "raw.payments"))
                .withMaxRejected(RejectionLimit.count(20)));
    StreamExecutionEnvironment env = FLINK.environment();
    job.build(env);
    env.execute("from a table");
    job.finish();

    String where = "Iceberg table raw.payments@" + snapshot + " file " + dataFile;
    List<String> expected = new ArrayList<>();
    overflowing.forEach(
        (position, amount) ->
            expected.add(
                where
                    + " position "
                    + position
                    + ": long overflow in (amount * 1000000) for "
                    + amount
                    + " * 1000000 | amount "
                    + amount));
    expected.sort(null);
    List<String> actual = new ArrayList<>();
    for (String letter : deadLetters(where)) {
      String reason = letter.substring(0, letter.indexOf(" | "));
      String payload = letter.substring(letter.indexOf(" | ") + 3);
      Long amount =
          overflowing.values().stream()
              .filter(a -> payload.contains("\"amount\":" + a))
              .findFirst()
              .orElse(null);
      actual.add(reason + " | amount " + amount);
    }
    actual.sort(null);
    assertEquals(expected, actual, "dead letters of the table's rows");
  }

  private BackfillSettings settings(String jobId, RejectionLimit limit) {
    return new BackfillSettings(catalog, jobId, FROM, TO, List.of("spend"), Map.of(), Map.of())
        .withMaxRejected(limit);
  }

  /**
   * The dead letters of the payments file are exactly its bad records, once each: reason (file and
   * line in front) and payload (the line).
   */
  private void assertDeadLetters(Payments payments, String context) {
    List<String> expected = new ArrayList<>();
    payments.badLines().forEach((reason, line) -> expected.add(reason + " | " + line));
    expected.sort(null);
    assertEquals(expected, deadLetters(payments.file().toString()), context + ": dead letters");
  }

  /** The dead letters whose reason starts with {@code where}, as "reason | payload", sorted. */
  private static List<String> deadLetters(String where) {
    List<String> actual = new ArrayList<>();
    Table table = ICEBERG.catalog().loadTable(DeadLetterTable.IDENTIFIER);
    table.refresh();
    try (CloseableIterable<Record> letters = IcebergGenerics.read(table).build()) {
      for (Record letter : letters) {
        String reason = (String) letter.getField("reason");
        if (reason.startsWith(where)) {
          assertEquals("payments", letter.getField("source"), reason);
          actual.add(reason + " | " + letter.getField("payload"));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    actual.sort(null);
    return actual;
  }

  /**
   * A repository of one source and one view, and its file: 500 payments a day over four days, the
   * bad ones in the last day.
   *
   * @param file the payments file
   * @param badLines per bad record, the reason its dead letter must give (file and line in front,
   *     written out here), and the line itself, its payload
   * @param overflowing the amounts whose view input overflows
   */
  private record Payments(Path file, Map<String, String> badLines, List<Long> overflowing) {
    static Payments write(Path root, Random random) throws IOException {
      Files.createDirectories(root.resolve("views"));
      Files.writeString(
          root.resolve("entities.yaml"), "entities:\n  - {name: user, keys: {user: string}}\n");
      Files.writeString(
          root.resolve("sources.yaml"),
          """
          sources:
            - name: payments
              files: {path: payments.csv, format: csv}
              schema: {ts: timestamp, user: string, amount: long}
              event_time: ts
          """);
      Files.writeString(
          root.resolve("views/spend.yaml"),
          """
          feature_views:
            - name: spend
              source: payments
              entity: user
              features:
                - {name: micro_1d, aggregation: sum, input: amount * 1000000, window: 1d}
                - {name: payments_1d, aggregation: count, window: 1d}
          """);
      Path file = root.resolve("payments.csv");
      List<String> lines = new ArrayList<>(List.of("ts,user,amount"));
      Map<String, String> bad = new TreeMap<>();
      List<Long> overflowing = new ArrayList<>();
      long step = Duration.ofDays(1).toMillis() / 500;
      int malformed = 0;
      for (long t = FROM; t < TO; t += step) {
        boolean lastDay = t >= LAST_DAY;
        String user = "u" + random.nextInt(10);
        long amount = 1 + random.nextInt(1_000);
        boolean overflows = lastDay && overflowing.size() < 12 && random.nextInt(30) == 0;
        if (overflows) {
          amount = OVERFLOWING + overflowing.size();
          overflowing.add(amount);
        }
        lines.add(Instant.ofEpochMilli(t) + "," + user + "," + amount);
        if (overflows) {
          bad.put(
              file
                  + " line "
                  + lines.size()
                  + ": long overflow in (amount * 1000000) for "
                  + amount
                  + " * 1000000",
              lines.get(lines.size() - 1));
        }
        if (lastDay && malformed < 3 && random.nextInt(60) == 0) {
          malformed++;
          lines.add(Instant.ofEpochMilli(t) + "," + user + ",lots");
          bad.put(
              file + " line " + lines.size() + ": field 'amount': expected long, got \"lots\"",
              lines.get(lines.size() - 1));
        }
      }
      if (overflowing.size() < 12 || malformed < 3) {
        throw new IllegalStateException("seed " + SEED + " placed too few bad records");
      }
      Files.write(file, lines);
      return new Payments(file, bad, overflowing);
    }
  }
}
