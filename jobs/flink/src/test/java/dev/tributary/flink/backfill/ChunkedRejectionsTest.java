package dev.tributary.flink.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.rejection.RejectionLimit;
import dev.tributary.core.rejection.TooManyRejections;
import dev.tributary.core.view.ViewProgram;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
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
 * the same range).
 */
class ChunkedRejectionsTest {
  @RegisterExtension static final IcebergCatalogExtension ICEBERG = new IcebergCatalogExtension();
  @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

  private static final long SEED = Long.getLong("tributary.seed", 2020L);
  private static final long FROM = Instant.parse("2001-01-01T00:00:00Z").toEpochMilli();
  private static final long TO = Instant.parse("2001-01-05T00:00:00Z").toEpochMilli();
  private static final long LAST_DAY = Instant.parse("2001-01-04T00:00:00Z").toEpochMilli();
  private static final long OVERFLOWING = 10_000_000_000_000L;
  private static final Pattern AMOUNT = Pattern.compile("\"amount\":(\\d+)");

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

  private BackfillSettings settings(String jobId, RejectionLimit limit) {
    return new BackfillSettings(catalog, jobId, FROM, TO, List.of("spend"), Map.of(), Map.of())
        .withMaxRejected(limit);
  }

  /** The dead letters of the payments are exactly the bad records, once each. */
  private void assertDeadLetters(Payments payments, String context) {
    List<String> expected = new ArrayList<>(payments.badLines());
    List<String> actual = new ArrayList<>();
    Table table = ICEBERG.catalog().loadTable(DeadLetterTable.IDENTIFIER);
    table.refresh();
    try (CloseableIterable<Record> letters = IcebergGenerics.read(table).build()) {
      for (Record letter : letters) {
        if (letter.getField("source").equals("payments")) {
          String reason = (String) letter.getField("reason");
          String payload = (String) letter.getField("payload");
          Matcher amount = AMOUNT.matcher(payload);
          actual.add(
              reason.contains("long overflow") && amount.find()
                  ? "amount " + amount.group(1)
                  : reason);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    expected.sort(null);
    actual.sort(null);
    assertEquals(expected, actual, context + ": dead letters");
  }

  /**
   * A repository of one source and one view, and its file: 500 payments a day over four days, the
   * bad ones in the last day.
   *
   * @param badLines per bad record, what its dead letter must say: the reason of a malformed line
   *     (file and line in front), or {@code amount N} for a payment whose input overflows
   */
  private record Payments(List<String> badLines) {
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
      List<String> bad = new ArrayList<>();
      long step = Duration.ofDays(1).toMillis() / 500;
      Map<Integer, String> malformed = new TreeMap<>();
      for (long t = FROM; t < TO; t += step) {
        boolean lastDay = t >= LAST_DAY;
        String user = "u" + random.nextInt(10);
        long amount = 1 + random.nextInt(1_000);
        if (lastDay && bad.size() < 12 && random.nextInt(30) == 0) {
          amount = OVERFLOWING + bad.size();
          bad.add("amount " + amount);
        }
        lines.add(Instant.ofEpochMilli(t) + "," + user + "," + amount);
        if (lastDay && malformed.size() < 3 && random.nextInt(60) == 0) {
          lines.add(Instant.ofEpochMilli(t) + "," + user + ",lots");
          malformed.put(lines.size(), "field 'amount': expected long, got \"lots\"");
        }
      }
      if (bad.size() < 12 || malformed.size() < 3) {
        throw new IllegalStateException("seed " + SEED + " placed too few bad records");
      }
      malformed.forEach((line, problem) -> bad.add(file + " line " + line + ": " + problem));
      Files.write(file, lines);
      return new Payments(bad);
    }
  }
}
