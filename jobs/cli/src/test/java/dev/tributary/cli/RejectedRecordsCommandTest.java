package dev.tributary.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.embedded.LocalIcebergCatalog;
import dev.tributary.embedded.MixedFlights;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user sees, as in issue #20: {@code tributary backfill --files flights=mixed.csv} over
 * 20,000 good flights with 110 bad lines ends with the summary (records read, used, rejected per
 * kind, the first of each kind with its line, where they are) instead of a bare "committed"; with
 * {@code --max-rejected 100} it exits with 1, says why and commits nothing.
 */
class RejectedRecordsCommandTest {
  @TempDir Path dataDir;

  @Test
  void backfillOfAFileWithBadLinesEndsWithTheSummaryAndTooManyFailIt() throws Exception {
    MixedFlights files =
        MixedFlights.write(
            Checkout.exampleDefinitions().resolve("data/flights-sample.csv.gz"),
            dataDir,
            20_000,
            110,
            20);
    String[] backfill = {
      "backfill",
      Checkout.exampleDefinitions().toString(),
      "--files",
      "flights=" + files.mixed(),
      "--from",
      "2001-01-01T00:00:00Z",
      "--to",
      "2001-01-03T00:00:00Z"
    };

    CommandRun strict = run(1, with(backfill, "--max-rejected", "100"));
    assertTrue(
        strict
            .err()
            .contains(
                "too many rejected records, nothing committed: events of flights: 110 of 20,110"
                    + " records rejected (0.55 %), more than --max-rejected 100. Fix the input"),
        strict.err());
    assertTrue(strict.err().contains("       14  field 'origin': missing (empty)"), strict.err());
    assertTrue(!strict.out().contains("committed"), strict.out());
    try (LocalIcebergCatalog catalog = LocalIcebergCatalog.open(dataDir.resolve("iceberg"))) {
      TableIdentifier letters = TableIdentifier.of("ops", "dead_letters");
      Snapshot none =
          catalog.catalog().tableExists(letters)
              ? catalog.catalog().loadTable(letters).currentSnapshot()
              : null;
      assertEquals(null, none, "no dead letter committed");
    }

    CommandRun done = run(0, backfill);
    String out = done.out();
    assertTrue(out.contains("backfill: committed"), out);
    assertTrue(
        out.contains(
            "backfill: records\n"
                + "  events of flights: 20,110 records read: 20,000 used, 0 not needed, 110"
                + " rejected (0.55 %)\n"),
        out);
    MixedFlights.BadLine firstDelay =
        files.bad().stream()
            .filter(b -> b.defect() == MixedFlights.Defect.TEXT_IN_DELAY)
            .findFirst()
            .orElseThrow();
    assertTrue(
        out.contains(
            "           27  field 'delay': expected long\n"
                + "               first: "
                + files.mixed()
                + " line "
                + Math.min(
                    firstDelay.lineNumber(),
                    files.bad().stream()
                        .filter(b -> b.defect() == MixedFlights.Defect.CONTROL_BYTES)
                        .findFirst()
                        .orElseThrow()
                        .lineNumber())),
        out);
    for (String kind :
        List.of(
            "14  field 'origin': missing (empty)",
            "14  expected 5 fields as in the header, got 4",
            "14  expected 5 fields as in the header, got 6",
            "14  field 4 opens a quote that is not closed on this line",
            "14  field 'date': expected a timestamp",
            "13  field 'delay': out of range for long")) {
      assertTrue(out.contains(kind + "\n"), kind + " in\n" + out);
    }
    Matcher where =
        Pattern.compile("rejected records: ops.dead_letters where recorded_at = TIMESTAMP '[^']+'")
            .matcher(out);
    assertTrue(where.find(), out);
  }

  private static String[] with(String[] command, String... more) {
    List<String> args = new ArrayList<>(List.of(command));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  private CommandRun run(int expected, String... command) {
    return CommandRun.run(dataDir, expected, command);
  }
}
