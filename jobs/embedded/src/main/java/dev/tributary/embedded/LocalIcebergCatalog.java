package dev.tributary.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.jdbc.JdbcCatalog;

/**
 * The embedded Iceberg catalog: an Iceberg {@link JdbcCatalog} whose metadata lives in a SQLite
 * file, and whose tables live in a local warehouse folder.
 *
 * <pre>
 *   folder/
 *     catalog.db     SQLite: table name -> current metadata.json (the catalog's only state)
 *     warehouse/     features/, training/, ... one folder per table: data/ and metadata/
 * </pre>
 *
 * <p>Every client of the catalog (this JVM, Flink's {@code CatalogLoader}, Spark, Trino) must use
 * the same catalog name, {@value #NAME}, because the JDBC catalog keys its rows by it: a client
 * with another name sees an empty catalog. {@link #properties()} is the complete configuration a
 * client needs, so hand it over as it is rather than rebuilding it.
 *
 * <p>JDBC rather than a Hadoop catalog because commits then swap the metadata pointer in a database
 * transaction instead of relying on an atomic file rename, which is what production (PostgreSQL,
 * S3) needs too; SQLite makes it one file with no server.
 */
public final class LocalIcebergCatalog implements AutoCloseable {

  /** The catalog name every client must use. */
  public static final String NAME = "tributary";

  /** Namespaces the product writes to; created on open so no job has to. */
  public static final List<String> NAMESPACES =
      List.of("features", "training", "monitoring", "registry", "ops");

  private final Path folder;
  private final TemporaryDirectory temporary;
  private final Map<String, String> properties;
  private final JdbcCatalog catalog;

  private LocalIcebergCatalog(Path folder, TemporaryDirectory temporary) {
    this.folder = folder;
    this.temporary = temporary;
    this.properties = Map.copyOf(propertiesFor(folder));
    this.catalog = new JdbcCatalog();
    catalog.setConf(new Configuration());
    catalog.initialize(NAME, properties);
    NAMESPACES.stream()
        .map(Namespace::of)
        .filter(ns -> !catalog.namespaceExists(ns))
        .forEach(ns -> catalog.createNamespace(ns, Map.of()));
  }

  /** A catalog in a new temporary folder, deleted on {@link #close()}: for tests. */
  public static LocalIcebergCatalog temporary() {
    TemporaryDirectory dir = TemporaryDirectory.create("tributary-iceberg-");
    try {
      return new LocalIcebergCatalog(dir.path(), dir);
    } catch (RuntimeException e) {
      dir.close();
      throw e;
    }
  }

  /** A catalog kept in {@code folder} (created if missing) that survives restarts: for the demo. */
  public static LocalIcebergCatalog open(Path folder) {
    try {
      Files.createDirectories(folder.resolve("warehouse"));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot create the Iceberg warehouse under " + folder.toAbsolutePath(), e);
    }
    return new LocalIcebergCatalog(folder.toAbsolutePath(), null);
  }

  /**
   * The catalog configuration, the same keys Iceberg's {@code CatalogUtil}, Flink's {@code
   * CatalogLoader.custom(NAME, properties, hadoopConf, JdbcCatalog.class.getName())} and Spark's
   * {@code spark.sql.catalog.tributary.*} read.
   */
  public static Map<String, String> propertiesFor(Path folder) {
    Path absolute = folder.toAbsolutePath();
    Map<String, String> props = new LinkedHashMap<>();
    props.put(CatalogProperties.CATALOG_IMPL, JdbcCatalog.class.getName());
    props.put(CatalogProperties.URI, "jdbc:sqlite:" + absolute.resolve("catalog.db"));
    props.put(
        CatalogProperties.WAREHOUSE_LOCATION, absolute.resolve("warehouse").toUri().toString());
    // V1 schema: the catalog table also records views, which Trino and Spark can create.
    props.put("jdbc.schema-version", "V1");
    // Flink's committers and a reader may hit the file at once: wait for the lock, not fail.
    props.put("jdbc.busy_timeout", "30000");
    props.put("jdbc.journal_mode", "WAL");
    return props;
  }

  public String name() {
    return NAME;
  }

  /** The catalog configuration; see {@link #propertiesFor(Path)}. */
  public Map<String, String> properties() {
    return properties;
  }

  /** The catalog opened in this JVM; closed by {@link #close()}. */
  public Catalog catalog() {
    return catalog;
  }

  /** The folder holding {@code catalog.db} and {@code warehouse/}. */
  public Path folder() {
    return folder;
  }

  public Path warehouse() {
    return folder.resolve("warehouse");
  }

  /** Closes the JDBC connections; a temporary catalog also deletes its folder. */
  @Override
  public void close() throws IOException {
    try {
      catalog.close();
    } finally {
      if (temporary != null) {
        temporary.close();
      }
    }
  }

  @Override
  public String toString() {
    return "LocalIcebergCatalog[" + NAME + " at " + folder + "]";
  }
}
