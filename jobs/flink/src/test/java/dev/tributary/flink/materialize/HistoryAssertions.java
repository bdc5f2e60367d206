package dev.tributary.flink.materialize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tributary.core.agg.Aggregation;
import dev.tributary.core.plan.HistoryTables;
import dev.tributary.core.records.ParsedEvent;
import dev.tributary.core.view.ViewProgram;
import dev.tributary.core.window.ChangePoint;
import dev.tributary.core.window.Event;
import dev.tributary.flink.iceberg.HistoryTableScan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * Checks that history tables hold exactly the core's change points of a set of events, and their
 * sketch features within the stated error bound of the exact window contents ({@link
 * SketchAssertions}).
 */
public final class HistoryAssertions {
  private HistoryAssertions() {}

  public static void assertTablesHoldTheChangePointsOf(
      List<ParsedEvent> events, List<ViewProgram> programs, Catalog catalog) {
    assertTablesHoldTheChangePointsOf(events, programs, catalog, "");
  }

  /**
   * As above, with {@code context} (e.g. the seed that made the events) at the start of every
   * failure message.
   */
  public static void assertTablesHoldTheChangePointsOf(
      List<ParsedEvent> events, List<ViewProgram> programs, Catalog catalog, String context) {
    String prefix = context.isEmpty() ? "" : context + ": ";
    for (ViewProgram program : programs) {
      Map<String, List<ChangePoint>> expected = ExpectedHistory.of(program, events);
      Map<String, List<ChangePoint>> written = HistoryTableScan.read(catalog, program);
      Map<String, List<Event>> entityEvents = ExpectedHistory.eventsByEntity(program, events);
      assertTrue(
          expected.size() > 10, prefix + program.view().name() + " should cover many entities");
      assertEquals(
          expected.keySet(),
          written.keySet(),
          () ->
              prefix
                  + program.view().name()
                  + ": entities; the table's commits:\n"
                  + commitLog(catalog, program));
      boolean[] approximate = approximateFeatures(program);
      for (String entity : expected.keySet()) {
        assertSameHistory(
            expected.get(entity),
            written.get(entity),
            approximate,
            prefix + program.view().name() + " " + entity);
        SketchAssertions.assertHistoryWithinBounds(
            program,
            entityEvents.get(entity),
            expected.get(entity),
            written.get(entity),
            prefix + program.view().name() + " " + entity);
      }
    }
  }

  /**
   * Rows of one table held at once by the checks over two runs: at 3 M flights a view's table holds
   * millions of rows, too many to hold twice as change points, so those checks read the entities in
   * parts ({@link HistoryTableScan#readPart}), one scan of each table per part.
   */
  public static final long ROWS_PER_PART = 1_000_000;

  /**
   * Two runs' history tables hold the same change points of the exact features, row for row
   * (sketches differ with the order events arrive in, which partitions and restarts change: see
   * {@link #approximateFeatures}). Returns how many rows of {@code expected} were compared.
   */
  public static long assertSameHistories(
      Catalog expected, Catalog actual, List<ViewProgram> programs) {
    long compared = 0;
    for (ViewProgram program : programs) {
      if (!program.view().offline()) {
        continue;
      }
      String view = program.view().versionedName();
      boolean[] approximate = approximateFeatures(program);
      int parts = HistoryTableScan.partsFor(expected, program, ROWS_PER_PART);
      long entities = 0;
      for (int part = 0; part < parts; part++) {
        Map<String, List<ChangePoint>> wanted =
            HistoryTableScan.readPart(expected, program, part, parts);
        Map<String, List<ChangePoint>> written =
            HistoryTableScan.readPart(actual, program, part, parts);
        assertEquals(wanted.keySet(), written.keySet(), view + ": entities");
        for (Map.Entry<String, List<ChangePoint>> entity : wanted.entrySet()) {
          assertSameHistory(
              entity.getValue(),
              written.get(entity.getKey()),
              approximate,
              view + " " + entity.getKey());
          compared += entity.getValue().size();
        }
        entities += wanted.size();
      }
      assertTrue(entities > 10, view + " should cover many entities");
    }
    return compared;
  }

  /** One line per snapshot of the view's table: what each Flink commit added and removed. */
  private static String commitLog(Catalog catalog, ViewProgram program) {
    Table table =
        catalog.loadTable(
            TableIdentifier.of(HistoryTables.NAMESPACE, program.view().versionedName()));
    StringBuilder log = new StringBuilder();
    for (Snapshot snapshot : table.snapshots()) {
      Map<String, String> summary = snapshot.summary();
      log.append(" snapshot ")
          .append(snapshot.sequenceNumber())
          .append(' ')
          .append(snapshot.operation())
          .append(" checkpoint ")
          .append(summary.get("flink.max-committed-checkpoint-id"))
          .append(" job ")
          .append(summary.get("flink.job-id"))
          .append(" added-records ")
          .append(summary.get("added-records"))
          .append(" added-equality-deletes ")
          .append(summary.get("added-equality-deletes"))
          .append(" total-records ")
          .append(summary.get("total-records"))
          .append('\n');
    }
    return log.toString();
  }

  /**
   * Sketches (KLL, HLL) depend on the order events are added, which differs between a sweep over
   * sorted events and a stream, so they are left out of the bit-for-bit comparison
   * (SketchAssertions checks them within their error bounds instead): both histories are projected
   * onto the exact features, and rows that then repeat their predecessor are dropped.
   */
  public static boolean[] approximateFeatures(ViewProgram program) {
    boolean[] approximate = new boolean[program.spec().size()];
    for (int i = 0; i < approximate.length; i++) {
      Aggregation function = program.spec().feature(i).function();
      approximate[i] =
          function == Aggregation.APPROX_QUANTILE || function == Aggregation.APPROX_DISTINCT;
    }
    return approximate;
  }

  private static List<ChangePoint> exactPart(List<ChangePoint> rows, boolean[] approximate) {
    List<ChangePoint> projected = new ArrayList<>();
    for (ChangePoint row : rows) {
      Object[] values = row.values().clone();
      for (int i = 0; i < approximate.length; i++) {
        if (approximate[i]) {
          values[i] = null;
        }
      }
      ChangePoint exact = new ChangePoint(row.validFrom(), values);
      if (projected.isEmpty()
          || !Arrays.equals(projected.get(projected.size() - 1).values(), values)) {
        projected.add(exact);
      }
    }
    return projected;
  }

  /** Fails at the first differing row, with its neighbours, instead of printing whole histories. */
  private static void assertSameHistory(
      List<ChangePoint> allExpected,
      List<ChangePoint> allActual,
      boolean[] approximate,
      String what) {
    List<ChangePoint> expected = exactPart(allExpected, approximate);
    List<ChangePoint> actual = exactPart(allActual, approximate);
    for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
      if (!expected.get(i).equals(actual.get(i))) {
        fail(
            what
                + ": row "
                + i
                + " differs\n expected "
                + expected.get(i)
                + "\n actual   "
                + actual.get(i)
                + "\n previous "
                + (i > 0 ? expected.get(i - 1) : "-")
                + "\n next expected "
                + (i + 1 < expected.size() ? expected.get(i + 1) : "-")
                + "\n next actual   "
                + (i + 1 < actual.size() ? actual.get(i + 1) : "-"));
      }
    }
    assertEquals(
        expected.size(),
        actual.size(),
        what
            + ": number of rows; last expected "
            + expected.get(expected.size() - 1)
            + ", last actual "
            + actual.get(actual.size() - 1));
  }
}
