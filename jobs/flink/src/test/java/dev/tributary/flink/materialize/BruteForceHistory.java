package dev.tributary.flink.materialize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.plan.HistoryTables;
import dev.tributary.core.records.ParsedEvent;
import dev.tributary.core.types.Column;
import dev.tributary.core.view.ViewInput;
import dev.tributary.core.view.ViewProgram;
import dev.tributary.core.window.BruteForceEvaluator;
import dev.tributary.core.window.Event;
import dev.tributary.core.window.SketchBounds;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/**
 * A reference independent of the change-point code: the history tables, read here with Iceberg's
 * generic reader (not the project's scan), must give as of each instant what the brute-force
 * evaluator computes from the raw events by scanning every event of the entity (the time contract
 * written as directly as possible). Checked at each event's effect (its time + 1 ms), at each row's
 * start and the instant before it; exact features equal, sketches within their bound.
 */
final class BruteForceHistory {

  /** Instants checked per entity at most: a long history is sampled evenly. */
  private static final int MAX_INSTANTS = 400;

  private BruteForceHistory() {}

  static void assertTablesAgreeWithBruteForce(
      List<ParsedEvent> events, List<ViewProgram> programs, Catalog catalog, String context)
      throws IOException {
    for (ViewProgram program : programs) {
      String view = context + ": " + program.view().name();
      Map<List<Object>, List<Event>> eventsByEntity = new HashMap<>();
      for (ParsedEvent parsed : events) {
        Optional<ViewInput> input = program.extract(parsed.row(), parsed.eventTime());
        input.ifPresent(
            i ->
                eventsByEntity
                    .computeIfAbsent(i.keyValues(), k -> new ArrayList<>())
                    .add(i.event()));
      }
      Map<List<Object>, NavigableMap<Long, Object[]>> table = read(catalog, program);
      assertEquals(eventsByEntity.keySet(), table.keySet(), view + ": entities");
      BruteForceEvaluator reference = new BruteForceEvaluator(program.spec());
      long checked = 0;
      for (Map.Entry<List<Object>, NavigableMap<Long, Object[]>> entity : table.entrySet()) {
        List<Event> entityEvents = eventsByEntity.get(entity.getKey());
        NavigableMap<Long, Object[]> rows = entity.getValue();
        NavigableSet<Long> instants = new TreeSet<>();
        entityEvents.forEach(e -> instants.add(e.eventTimeMillis() + 1));
        for (long validFrom : rows.keySet()) {
          instants.add(validFrom);
          instants.add(validFrom - 1);
        }
        int step = Math.max(1, instants.size() / MAX_INSTANTS);
        int index = 0;
        for (long t : instants.tailSet(rows.firstKey(), true)) {
          if (index++ % step != 0) {
            continue;
          }
          Object[] expected = reference.valuesAt(entityEvents, t);
          Object[] actual = rows.floorEntry(t).getValue();
          String what = view + " " + entity.getKey() + " as of " + t;
          for (int f = 0; f < expected.length; f++) {
            if (SketchBounds.isApproximate(program.spec().feature(f))) {
              continue; // bounded, not equal: SketchAssertions checks them as of the same rows
            }
            assertEquals(expected[f], actual[f], what + ", " + program.spec().feature(f).name());
          }
          SketchAssertions.assertValuesWithinBounds(program, entityEvents, actual, t, what);
          checked++;
        }
      }
      assertTrue(checked > 100, view + ": instants checked " + checked);
    }
  }

  /** Per entity key, the rows by valid_from, read with Iceberg's generic reader. */
  private static Map<List<Object>, NavigableMap<Long, Object[]>> read(
      Catalog catalog, ViewProgram program) throws IOException {
    Table table =
        catalog.loadTable(
            TableIdentifier.of(HistoryTables.NAMESPACE, program.view().versionedName()));
    Map<List<Object>, NavigableMap<Long, Object[]>> rows = new HashMap<>();
    try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
      for (Record record : records) {
        List<Object> key = new ArrayList<>();
        for (Column column : program.view().entity().keys()) {
          key.add(record.getField(column.name()));
        }
        long validFrom =
            ((OffsetDateTime) record.getField(HistoryTables.VALID_FROM)).toInstant().toEpochMilli();
        Object[] values = new Object[program.spec().size()];
        for (int f = 0; f < values.length; f++) {
          values[f] = record.getField(program.spec().feature(f).name());
        }
        Object[] previous = rows.computeIfAbsent(key, k -> new TreeMap<>()).put(validFrom, values);
        assertEquals(null, previous, "one row per entity and valid_from: " + key + " " + validFrom);
      }
    }
    return rows;
  }
}
