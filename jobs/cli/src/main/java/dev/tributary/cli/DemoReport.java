package dev.tributary.cli;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.online.OnlineRecord;
import dev.tributary.core.view.ViewProgram;
import dev.tributary.core.window.ChangePoint;
import dev.tributary.flink.iceberg.CatalogConfig;
import dev.tributary.flink.iceberg.HistoryTableScan;
import dev.tributary.flink.online.OnlineLookup;
import dev.tributary.flink.online.OnlineStoreReader;
import dev.tributary.flink.online.RedisOptions;
import dev.tributary.io.file.EventFileReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/**
 * What the demo shows after the streaming job: how many history rows each view got, how many
 * records were set aside, one entity's online values, and a check of every history table and every
 * Redis record against the core run directly over the same files (exact features must match row for
 * row).
 */
final class DemoReport {
  private final FeatureRepository repository;
  private final List<ViewProgram> programs;
  private final Catalog catalog;
  private final RedisOptions redis;
  private final ExpectedFeatures expected;
  private final EventFileReader files;
  private final long end;
  private final PrintWriter out;
  private int hashesChecked;

  /** Differing entities whose first difference is printed. */
  private static final int SHOWN_DIFFERENCES = 5;

  DemoReport(
      FeatureRepository repository,
      List<ViewProgram> programs,
      CatalogConfig catalog,
      RedisOptions redis,
      ExpectedFeatures expected,
      EventFileReader files,
      long end,
      PrintWriter out) {
    this.repository = repository;
    this.programs = programs;
    this.catalog = catalog.open();
    this.redis = redis;
    this.expected = expected;
    this.files = files;
    this.end = end;
    this.out = out;
  }

  /**
   * What the checks found.
   *
   * @param differences entities whose history rows or Redis hash differ from the core
   * @param entities history entities compared
   * @param hashes Redis records (one view of one entity) compared
   */
  record Checked(int differences, int entities, int hashes) {}

  /** Prints the checks and what they found. */
  Checked print() throws Exception {
    out.println("   Iceberg history tables against the core over the same events:");
    int mismatches = 0;
    int entities = 0;
    for (ViewProgram program : programs) {
      Map<String, RowDigest> written = new HashMap<>();
      HistoryTableScan.forEachRow(
          catalog,
          program,
          (key, row) -> written.computeIfAbsent(key, k -> new RowDigest()).add(program, row));
      long rows = written.values().stream().mapToLong(RowDigest::rows).sum();
      Set<String> suspects = new TreeSet<>();
      for (String key : expected.entities(program)) {
        if (!expected.digest(program, key).equals(written.get(key))) {
          suspects.add(key);
        }
      }
      written.keySet().stream()
          .filter(key -> !expected.entities(program).contains(key))
          .forEach(suspects::add);
      long differing = suspects.isEmpty() ? 0 : compareRows(program, suspects);
      mismatches += differing;
      entities += expected.entities(program).size();
      out.printf(
          "   features.%-28s %,8d rows for %,5d entities; %s%n",
          program.view().versionedName(),
          rows,
          written.size(),
          differing == 0
              ? "every row equals the core's change points"
              : differing + " entities DIFFER from the core");
    }
    long deadLetters = count("ops", "dead_letters");
    out.printf("   ops.dead_letters: %d records set aside%n", deadLetters);
    printOnline();
    mismatches += checkOnline();
    out.println(
        mismatches == 0
            ? "   Iceberg and Redis hold exactly what the time contract defines."
            : "   Iceberg or Redis DIFFER from the core: see above.");
    out.flush();
    return new Checked(mismatches, entities, hashesChecked);
  }

  /**
   * The entities whose digests differ, row by row: the core's change points recomputed from the
   * files and the table's rows, both for these entities only. A digest also counts rows a sketch
   * value alone tells apart, so an entity can differ there and still hold the core's exact values;
   * the rows say. Prints the first difference of the first few; returns how many differ.
   */
  private long compareRows(ViewProgram program, Set<String> suspects) throws IOException {
    Map<String, List<ChangePoint>> core = ExpectedFeatures.recompute(program, files, end, suspects);
    Map<String, List<ChangePoint>> table = new HashMap<>();
    HistoryTableScan.forEachRow(
        catalog,
        program,
        (key, row) -> {
          if (suspects.contains(key)) {
            table.computeIfAbsent(key, k -> new ArrayList<>()).add(row);
          }
        });
    table.values().forEach(list -> list.sort(Comparator.comparingLong(ChangePoint::validFrom)));
    long differing = 0;
    for (String key : suspects) {
      List<ChangePoint> expectedRows = core.getOrDefault(key, List.of());
      List<ChangePoint> writtenRows = table.get(key);
      if (!sameExactValues(program, expectedRows, writtenRows)) {
        if (differing++ < SHOWN_DIFFERENCES) {
          out.printf(
              "   %s %s: %s%n",
              program.view().versionedName(),
              key,
              firstDifference(program, expectedRows, writtenRows));
        }
      }
    }
    return differing;
  }

  /** Where the table's rows of an entity first depart from the core's. */
  private static String firstDifference(
      ViewProgram program, List<ChangePoint> expected, List<ChangePoint> written) {
    if (written == null) {
      return "no rows in the table, the core has " + expected.size();
    }
    for (int i = 1; i < written.size(); i++) {
      if (written.get(i).validFrom() == written.get(i - 1).validFrom()) {
        return "two rows valid from " + Instant.ofEpochMilli(written.get(i).validFrom());
      }
    }
    List<List<Object>> core = exactPart(program, expected);
    List<List<Object>> table = exactPart(program, written);
    for (int i = 0; i < Math.max(core.size(), table.size()); i++) {
      List<Object> want = i < core.size() ? core.get(i) : null;
      List<Object> got = i < table.size() ? table.get(i) : null;
      if (!Objects.equals(want, got)) {
        return "row " + i + ": the core has " + want + ", the table " + got;
      }
    }
    return "the same";
  }

  /**
   * Every Redis record (one view of one entity) against the core: the exact features stored for an
   * entity must equal the core's values as of the as-of time stored beside them (the online store's
   * contract).
   */
  private int checkOnline() throws Exception {
    out.println("   Redis, every record against the core as of its stored as-of time:");
    int differing = 0;
    try (OnlineStoreReader reader = OnlineStoreReader.open(redis)) {
      for (ViewProgram program : programs) {
        if (!program.view().online()) {
          continue;
        }
        List<String> entities = new ArrayList<>(expected.entities(program));
        List<OnlineLookup> lookups =
            entities.stream()
                .map(e -> new OnlineLookup(program.view(), expected.keyValues(program, e)))
                .toList();
        List<Optional<OnlineRecord>> stored = reader.read(lookups);
        int viewDiffering = 0;
        for (int i = 0; i < entities.size(); i++) {
          if (stored.get(i).isEmpty()
              || !sameOnline(program, entities.get(i), stored.get(i).get())) {
            viewDiffering++;
          }
        }
        differing += viewDiffering;
        hashesChecked += entities.size();
        out.printf(
            "   %-37s %,5d hashes; %s%n",
            program.view().versionedName(),
            entities.size(),
            viewDiffering == 0
                ? "every hash equals the core as of its as-of"
                : viewDiffering + " hashes DIFFER from the core");
      }
    }
    return differing;
  }

  /**
   * A record as of a time before the change points the core keeps (its retention) counts as
   * different: a store that far behind is wrong, whatever its values.
   */
  private boolean sameOnline(ViewProgram program, String entity, OnlineRecord stored) {
    return expected
        .valuesAt(program, entity, stored.asOf())
        .filter(values -> ExpectedFeatures.sameExact(program, values, stored::value))
        .isPresent();
  }

  private void printOnline() throws Exception {
    FeatureView origin = repository.view("origin_delays").orElse(programs.get(0).view());
    try (OnlineStoreReader reader = OnlineStoreReader.open(redis)) {
      Optional<OnlineRecord> sfo = reader.read(OnlineLookup.of(origin, "SFO"));
      if (sfo.isEmpty()) {
        return;
      }
      out.printf(
          "   Redis %s:{SFO} as of %s:%n",
          origin.versionedName(), Instant.ofEpochMilli(sfo.get().asOf()));
      for (int i = 0; i < origin.features().size(); i++) {
        out.printf("   %-20s %s%n", origin.features().get(i).name(), sfo.get().value(i));
      }
    }
  }

  /**
   * Sketch features depend on insertion order within their error bound; every other value must be
   * equal, and each change point must have one row (a second row at the same valid_from is a
   * duplicate, such as a stream writing again what the backfill wrote).
   */
  private static boolean sameExactValues(
      ViewProgram program, List<ChangePoint> expected, List<ChangePoint> written) {
    return written != null
        && oneRowPerChangePoint(written)
        && exactPart(program, expected).equals(exactPart(program, written));
  }

  private static boolean oneRowPerChangePoint(List<ChangePoint> written) {
    for (int i = 1; i < written.size(); i++) {
      if (written.get(i).validFrom() == written.get(i - 1).validFrom()) {
        return false;
      }
    }
    return true;
  }

  private static List<List<Object>> exactPart(ViewProgram program, List<ChangePoint> rows) {
    List<List<Object>> projected = new ArrayList<>();
    for (ChangePoint row : rows) {
      List<Object> values = new ArrayList<>();
      values.add(row.validFrom());
      for (int i = 0; i < program.spec().size(); i++) {
        if (!ExpectedFeatures.isSketch(program, i)) {
          values.add(row.values()[i]);
        }
      }
      if (projected.isEmpty()
          || !projected
              .get(projected.size() - 1)
              .subList(1, values.size())
              .equals(values.subList(1, values.size()))) {
        projected.add(values);
      }
    }
    return projected;
  }

  private long count(String namespace, String table) throws IOException {
    long count = 0;
    try (CloseableIterable<Record> rows =
        IcebergGenerics.read(catalog.loadTable(TableIdentifier.of(namespace, table))).build()) {
      for (Record ignored : rows) {
        count++;
      }
    }
    return count;
  }
}
