package dev.tributary.flink.iceberg;

import dev.tributary.triton.models.HadoopSettings;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.flink.CatalogLoader;

/**
 * The one Iceberg catalog every job, Spark and Trino share: a name and Iceberg's own catalog
 * properties ({@code catalog-impl} or {@code type}, {@code uri}, {@code warehouse}, ...).
 *
 * <p>Serializable, so operators open the real catalog in {@code open()} through a {@link
 * CatalogLoader}. Embedded default: a JDBC catalog on SQLite; production: JDBC on PostgreSQL, REST,
 * or Glue, chosen by properties alone.
 */
public record CatalogConfig(String name, Map<String, String> properties) implements Serializable {

  public CatalogConfig {
    properties = new TreeMap<>(properties);
  }

  /** A loader for Flink's Iceberg sink and source. */
  public CatalogLoader loader() {
    Map<String, String> props = properties;
    if ("rest".equals(props.get(CatalogUtil.ICEBERG_CATALOG_TYPE))) {
      return CatalogLoader.rest(name, HadoopSettings.load(), props);
    }
    String impl =
        props.getOrDefault(CatalogProperties.CATALOG_IMPL, "org.apache.iceberg.jdbc.JdbcCatalog");
    return CatalogLoader.custom(name, props, HadoopSettings.load(), impl);
  }

  /** Opens the catalog in this JVM (for creating tables before a job starts, and for tests). */
  public Catalog open() {
    return loader().loadCatalog();
  }
}
