package dev.tributary.trinotest;

import static io.trino.testing.TestingSession.testSessionBuilder;

import io.trino.Session;
import io.trino.plugin.iceberg.IcebergPlugin;
import io.trino.spi.type.SqlTimestampWithTimeZone;
import io.trino.spi.type.TimeZoneKey;
import io.trino.testing.MaterializedResult;
import io.trino.testing.MaterializedRow;
import io.trino.testing.QueryRunner;
import io.trino.testing.StandaloneQueryRunner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real Trino engine (a whole Trino server: coordinator, planner, execution and Trino's Iceberg
 * connector, as Trino's own {@link StandaloneQueryRunner} starts it in this JVM) that opens
 * Tributary's Iceberg catalog through the Iceberg connector with exactly the catalog properties
 * docs/querying.md gives for {@code etc/catalog/tributary.properties}; and its query results as
 * plain Java values that compare with {@code equals} to the core's.
 *
 * <p>Starting the engine (plugins, Guice modules) takes most of the test's time, and needs no
 * catalog, so {@link #start} and {@link #openCatalog} are separate: the test starts the engine
 * while the jobs write the tables, and opens the catalog once they exist.
 *
 * <p>The standalone runner, not the distributed one: it hands queries to the server in process,
 * where the distributed runner's HTTP client gave up on a query's results after its retries while a
 * build machine ran at a load of 150 on 2 cores.
 */
final class TrinoTables implements AutoCloseable {
  /**
   * The Trino catalog's name, as in SQL ({@code tributary.features."..."}); the Iceberg catalog's
   * name ({@code iceberg.jdbc-catalog.catalog-name}) is another setting, which must be the jobs'.
   */
  static final String CATALOG = "tributary";

  private final QueryRunner runner;

  private TrinoTables(QueryRunner runner) {
    this.runner = runner;
  }

  /**
   * Starts the engine with the Iceberg plugin installed; sessions in UTC, so {@code timestamptz}
   * values read as the jobs wrote them.
   */
  static TrinoTables start() {
    Session session =
        testSessionBuilder()
            .setCatalog(CATALOG)
            .setSchema("features")
            .setTimeZoneKey(TimeZoneKey.UTC_KEY)
            .build();
    QueryRunner runner;
    try {
      runner = new StandaloneQueryRunner(session);
    } catch (Exception e) {
      throw new IllegalStateException("Trino did not start", e);
    }
    try {
      runner.installPlugin(new IcebergPlugin());
    } catch (RuntimeException e) {
      runner.close();
      throw e;
    }
    return new TrinoTables(runner);
  }

  /**
   * The properties of an Iceberg JDBC catalog on PostgreSQL with its warehouse on the local file
   * system, as a user writes them in {@code etc/catalog/tributary.properties} (docs/querying.md).
   *
   * @param catalogName the Iceberg catalog name the jobs use: the JDBC catalog keys its rows by it
   */
  static Map<String, String> jdbcCatalog(
      String catalogName, String url, String user, String password, String warehouse) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("iceberg.catalog.type", "jdbc");
    properties.put("iceberg.jdbc-catalog.catalog-name", catalogName);
    properties.put("iceberg.jdbc-catalog.driver-class", "org.postgresql.Driver");
    properties.put("iceberg.jdbc-catalog.connection-url", url);
    properties.put("iceberg.jdbc-catalog.connection-user", user);
    properties.put("iceberg.jdbc-catalog.connection-password", password);
    properties.put("iceberg.jdbc-catalog.default-warehouse-dir", warehouse);
    // the jobs' file: locations; Trino's local file system takes file: and local: URIs under it
    properties.put("fs.local.enabled", "true");
    properties.put("local.location", "/");
    return properties;
  }

  /** Creates the catalog {@value #CATALOG} of the Iceberg connector with these properties. */
  void openCatalog(Map<String, String> properties) {
    runner.createCatalog(CATALOG, "iceberg", properties);
  }

  /**
   * The query's rows, each a map from column name to value: {@code timestamptz} values as {@link
   * java.time.Instant}s, arrays as {@link List}s, the rest as Trino's test results give them (Long,
   * Double, String, Boolean).
   */
  List<Map<String, Object>> rows(String sql) {
    MaterializedResult result = runner.execute(sql);
    List<String> names = result.getColumnNames();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (MaterializedRow row : result.getMaterializedRows()) {
      Map<String, Object> values = new LinkedHashMap<>();
      for (int i = 0; i < names.size(); i++) {
        values.put(names.get(i), plain(row.getField(i)));
      }
      rows.add(values);
    }
    return rows;
  }

  private static Object plain(Object value) {
    if (value instanceof SqlTimestampWithTimeZone time) {
      return time.toZonedDateTime().toInstant();
    }
    if (value instanceof List<?> list) {
      List<Object> values = new ArrayList<>(list.size());
      list.forEach(element -> values.add(plain(element)));
      return values;
    }
    return value;
  }

  @Override
  public void close() {
    runner.close();
  }
}
