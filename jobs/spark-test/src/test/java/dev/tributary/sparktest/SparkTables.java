package dev.tributary.sparktest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A local Spark session that opens the embedded Iceberg catalog with exactly the settings
 * docs/querying.md gives for spark-sql, so the test checks what users are told to type; and its
 * query results as plain Java values that compare with {@code equals} to the core's.
 */
final class SparkTables implements AutoCloseable {
  /** The name the jobs register the catalog under; the JDBC catalog keys its rows by it. */
  static final String CATALOG = "tributary";

  private final SparkSession spark;

  private SparkTables(SparkSession spark) {
    this.spark = spark;
  }

  /**
   * Spark on the catalog of {@code tributary --data-dir D}, whose folder {@code icebergFolder} is
   * {@code D/iceberg}. The Java 8 time API makes {@code timestamptz} values {@link
   * java.time.Instant}s.
   */
  static SparkTables open(Path icebergFolder) {
    String prefix = "spark.sql.catalog." + CATALOG;
    Path folder = icebergFolder.toAbsolutePath();
    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("tributary-spark-test")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.datetime.java8API.enabled", "true")
            .config(
                "spark.sql.extensions",
                "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions")
            .config(prefix, "org.apache.iceberg.spark.SparkCatalog")
            .config(prefix + ".catalog-impl", "org.apache.iceberg.jdbc.JdbcCatalog")
            .config(prefix + ".uri", "jdbc:sqlite:" + folder.resolve("catalog.db"))
            .config(prefix + ".warehouse", folder.resolve("warehouse").toUri().toString())
            .config(prefix + ".jdbc.schema-version", "V1")
            .getOrCreate();
    return new SparkTables(spark);
  }

  /** The query's rows, each a map from column name to value; arrays become {@link List}s. */
  List<Map<String, Object>> rows(String sql) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Row row : spark.sql(sql).collectAsList()) {
      Map<String, Object> values = new LinkedHashMap<>();
      String[] names = row.schema().fieldNames();
      for (int i = 0; i < names.length; i++) {
        values.put(
            names[i],
            row.get(i) instanceof scala.collection.Seq<?>
                ? new ArrayList<>(row.getList(i))
                : row.get(i));
      }
      rows.add(values);
    }
    return rows;
  }

  @Override
  public void close() {
    spark.stop();
  }
}
