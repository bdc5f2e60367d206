package dev.tributary.embedded.junit;

import dev.tributary.embedded.LocalIcebergCatalog;
import java.util.Map;
import org.apache.iceberg.catalog.Catalog;

/** A {@link LocalIcebergCatalog#temporary() temporary} Iceberg catalog per test class. */
public final class IcebergCatalogExtension extends ServiceExtension<LocalIcebergCatalog> {

  @Override
  protected LocalIcebergCatalog start() {
    return LocalIcebergCatalog.temporary();
  }

  /** The catalog opened in the test's JVM. */
  public Catalog catalog() {
    return service().catalog();
  }

  /** The configuration other clients (Flink's CatalogLoader, Spark) open the same catalog with. */
  public Map<String, String> properties() {
    return service().properties();
  }
}
