package dev.tributary.sparktest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.defs.Model;
import dev.tributary.core.defs.Source;
import dev.tributary.core.plan.HistoryTables;
import dev.tributary.core.plan.PlannedTable;
import dev.tributary.core.records.ParseOutcome;
import dev.tributary.core.records.ParsedEvent;
import dev.tributary.core.records.TextRowParser;
import dev.tributary.core.records.TimestampRange;
import dev.tributary.core.training.AsOfJoin;
import dev.tributary.core.training.Spine;
import dev.tributary.core.types.Column;
import dev.tributary.core.view.ViewInput;
import dev.tributary.core.view.ViewProgram;
import dev.tributary.core.window.ChangePoint;
import dev.tributary.core.window.ChangePoints;
import dev.tributary.core.window.Event;
import dev.tributary.flink.batch.TrainingColumns;
import dev.tributary.flink.iceberg.IcebergSchemas;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spark SQL reads a history table and a training table of the JDBC catalog (SQLite) that the jobs
 * use, with the catalog properties of docs/querying.md, and gets the rows that were written: same
 * keys, instants (timestamptz), doubles, longs, booleans and lists.
 *
 * <p>The tables are laid out by the jobs' own code ({@link HistoryTables}, {@link TrainingColumns},
 * {@link IcebergSchemas}: the same schemas, partitioning and table format) and filled with the core's
 * values for the flights sample; Flink does not run here, since Spark 3.5 and Flink 2.1 cannot share
 * a JVM (see this module's pom).
 */
class SparkReadsTablesTest {
  private static final String CATALOG = "tributary";
  @TempDir static Path folder;
  private static Catalog catalog;
  private static SparkSession spark;
  private static FeatureRepository definitions;
  private static List<ParsedEvent> flights;

  @BeforeAll
  static void start() throws Exception {
    Path root = Path.of(System.getProperty("tributary.repo.root", "../.."));
    definitions = FeatureRepository.load(root.resolve("feature-defs"));
    flights = flightsScheduledBefore(definitions.source("flights").orElseThrow(), "2001-01-02T12");
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put(CatalogProperties.CATALOG_IMPL, JdbcCatalog.class.getName());
    properties.put(CatalogProperties.URI, "jdbc:sqlite:" + folder.resolve("catalog.db"));
    properties.put(CatalogProperties.WAREHOUSE_LOCATION, folder.resolve("warehouse").toUri().toString());
    properties.put("jdbc.schema-version", "V1");
    catalog = CatalogUtil.buildIcebergCatalog(CATALOG, properties, new Configuration());
    SparkSession.Builder builder = SparkSession.builder().master("local[2]").appName("tributary-spark-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.extensions", "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions")
        .config("spark.sql.catalog." + CATALOG, "org.apache.iceberg.spark.SparkCatalog");
    properties.forEach((key, value) -> builder.config("spark.sql.catalog." + CATALOG + "." + key, value));
    spark = builder.getOrCreate();
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  @Test
  void historyTableReadsBackWithListsAndInstants() {
    FeatureView view = definitions.view("route_delays").orElseThrow();
    ViewProgram program = ViewProgram.of(view);
    PlannedTable planned = HistoryTables.of(view);
    List<String> identifiers = new ArrayList<>();
    view.entity().keys().forEach(k -> identifiers.add(k.name()));
    identifiers.add(HistoryTables.VALID_FROM);
    Table table = IcebergSchemas.createIfAbsent(catalog, planned, identifiers);

    List<Record> written = new ArrayList<>();
    changePoints(program).forEach((key, rows) -> {
      for (ChangePoint row : rows) {
        GenericRecord record = GenericRecord.create(table.schema());
        for (int i = 0; i < key.size(); i++) {
          record.set(i, key.get(i));
        }
        record.setField(HistoryTables.VALID_FROM, instant(row.validFrom()));
        for (int i = 0; i < program.spec().size(); i++) {
          record.setField(program.spec().feature(i).name(), row.values()[i]);
        }
        record.setField(HistoryTables.JOB_ID, "spark-test");
        written.add(record);
      }
    });
    TableFiles.append(table, written);

    List<String> read = spark.sql("SELECT * FROM " + CATALOG + "." + planned.qualifiedName()).collectAsList()
        .stream().map(SparkReadsTablesTest::text).sorted().toList();
    assertTrue(written.size() > 10_000, "rows: " + written.size());
    assertEquals(written.stream().map(SparkReadsTablesTest::text).sorted().toList(), read);
  }

  @Test
  void trainingTableReadsBack() {
    Model model = definitions.model("flight_delay").orElseThrow();
    Spine spine = Spine.ofLabel(model);
    TrainingColumns columns = TrainingColumns.of(spine, model.inputs());
    PlannedTable planned = columns.table("flights_spark");
    Table table = IcebergSchemas.createIfAbsent(catalog, planned, List.of());

    long from = Instant.parse("2001-01-02T00:00:00Z").toEpochMilli();
    long to = Instant.parse("2001-01-02T06:00:00Z").toEpochMilli();
    List<Object[]> spineRows = new ArrayList<>();
    for (ParsedEvent flight : flights) {
      Object[] row = spine.row(flight.row(), flight.eventTime(), from, to);
      if (row != null) {
        spineRows.add(row);
      }
    }
    List<Object[][]> values = new ArrayList<>();
    for (ViewProgram program : columns.programs()) {
      Map<List<Object>, List<ChangePoint>> history = changePoints(program);
      Spine.SpineKeys keys = spine.keysOf(program.view());
      Object[][] perRow = new Object[spineRows.size()][];
      for (int i = 0; i < spineRows.size(); i++) {
        List<Object> key = dev.tributary.core.keys.EntityKeyCodec.decode(keys.encodedKey(spineRows.get(i)),
            program.view().entity().keys());
        perRow[i] = new AsOfJoin(program.spec()).valuesAsOf(history.getOrDefault(key, List.of()),
            new long[] {spine.asOf(spineRows.get(i))})[0];
      }
      values.add(perRow);
    }
    List<Record> written = new ArrayList<>();
    List<Column> spineColumns = spine.schema().columns();
    for (int r = 0; r < spineRows.size(); r++) {
      GenericRecord record = GenericRecord.create(table.schema());
      for (int i = 0; i < spineColumns.size(); i++) {
        Object value = spineRows.get(r)[i];
        record.set(i, spineColumns.get(i).type() == dev.tributary.core.types.ValueType.TIMESTAMP
            ? instant((Long) value) : value);
      }
      for (int f = 0; f < columns.features().size(); f++) {
        TrainingColumns.FeatureColumn feature = columns.features().get(f);
        record.set(spineColumns.size() + f, values.get(feature.view())[r][feature.feature()]);
      }
      written.add(record);
    }
    TableFiles.append(table, written);

    List<String> read = spark.sql("SELECT * FROM " + CATALOG + ".training.flights_spark").collectAsList()
        .stream().map(SparkReadsTablesTest::text).sorted().toList();
    assertTrue(written.size() > 2_000, "rows: " + written.size());
    assertEquals(written.stream().map(SparkReadsTablesTest::text).sorted().toList(), read);
    assertEquals(1L, spark.sql("SELECT count(DISTINCT to_date(as_of)) FROM " + CATALOG + ".training.flights_spark")
        .first().getLong(0), "as_of read as UTC instants");
  }

  /** The view's change points per entity key over the sample's flights. */
  private static Map<List<Object>, List<ChangePoint>> changePoints(ViewProgram program) {
    Map<List<Object>, List<Event>> events = new LinkedHashMap<>();
    for (ParsedEvent flight : flights) {
      Optional<ViewInput> input = program.extract(flight.row(), flight.eventTime());
      input.ifPresent(in -> events.computeIfAbsent(in.keyValues(), k -> new ArrayList<>()).add(in.event()));
    }
    Map<List<Object>, List<ChangePoint>> rows = new LinkedHashMap<>();
    events.forEach((key, list) -> rows.put(key, new ChangePoints(program.spec()).compute(list)));
    return rows;
  }

  private static OffsetDateTime instant(long millis) {
    return Instant.ofEpochMilli(millis).atOffset(ZoneOffset.UTC);
  }

  private static String text(Record record) {
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < record.size(); i++) {
      Object value = record.get(i);
      values.add(value instanceof OffsetDateTime time ? (Object) time.toInstant().toEpochMilli() : value);
    }
    return values.toString();
  }

  private static String text(Row row) {
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < row.size(); i++) {
      Object value = row.get(i);
      if (value instanceof java.sql.Timestamp time) {
        value = time.getTime();
      } else if (value instanceof scala.collection.Seq<?>) {
        value = new ArrayList<>(row.getList(i));
      }
      values.add(value);
    }
    return values.toString();
  }

  private static List<ParsedEvent> flightsScheduledBefore(Source source, String dateExclusive) throws Exception {
    TextRowParser parser = new TextRowParser(source, TimestampRange.DEFAULT);
    List<ParsedEvent> events = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(
        Files.newInputStream(source.files().orElseThrow().path())), StandardCharsets.UTF_8))) {
      reader.readLine();
      for (String line = reader.readLine(); line != null && line.compareTo(dateExclusive) < 0; line = reader.readLine()) {
        ParseOutcome outcome = parser.parse(line.split(",", -1));
        if (outcome instanceof ParsedEvent event) {
          events.add(event);
        }
      }
    }
    return events;
  }
}
