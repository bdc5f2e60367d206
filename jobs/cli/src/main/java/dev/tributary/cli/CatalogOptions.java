package dev.tributary.cli;

import dev.tributary.core.config.ConfigKey;
import dev.tributary.core.config.ConfigKeys;
import dev.tributary.core.config.SecretReferences;
import dev.tributary.embedded.LocalIcebergCatalog;
import dev.tributary.flink.iceberg.CatalogConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The Iceberg catalog options every job command shares: a production catalog by its properties, or
 * by default the local JDBC catalog on SQLite in the data folder.
 */
final class CatalogOptions {
  private static final ConfigKey CATALOG_PROPERTIES =
      ConfigKeys.find("catalog.properties.jdbc.password").orElseThrow();

  @Option(
      names = "--data-dir",
      defaultValue = "tributary-data",
      paramLabel = "DIR",
      description =
          "folder of the local Iceberg catalog when no --catalog-property is given (default: ${DEFAULT-VALUE})")
  Path dataDir;

  @Option(
      names = "--catalog-name",
      defaultValue = "tributary",
      description = "Iceberg catalog name (default: ${DEFAULT-VALUE})")
  String catalogName;

  @Option(
      names = "--catalog-property",
      paramLabel = "KEY=VALUE",
      description =
          "Iceberg catalog property, repeatable (default: a JDBC catalog on SQLite in --data-dir);"
              + " a password, secret or token as a reference: jdbc.password='$${env:NAME}'")
  Map<String, String> catalogProperties = new LinkedHashMap<>();

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  /**
   * The catalog when there is one to read: a given catalog, or the local one when its folder
   * exists. Reading commands ({@code plan}, {@code lineage}) use it so they never create a catalog.
   */
  Optional<CatalogConfig> existing() throws Exception {
    if (catalogProperties.isEmpty()
        && ConfigFileOption.of(mixee).properties("catalog.properties").isEmpty()
        && !Files.isDirectory(dataDir.resolve("iceberg"))) {
      return Optional.empty();
    }
    return Optional.of(config());
  }

  /**
   * The given catalog (the file's {@code catalog.properties}, each overridden by a {@code
   * --catalog-property}), or the local one in the data folder, created with its namespaces on first
   * use.
   */
  CatalogConfig config() throws Exception {
    var file = ConfigFileOption.of(mixee);
    Map<String, String> properties = new LinkedHashMap<>(file.properties("catalog.properties"));
    catalogProperties.forEach((key, value) -> properties.put(key, resolved(key, value)));
    if (!properties.isEmpty()) {
      String name =
          ConfigFileOption.given(mixee, "--catalog-name")
              ? catalogName
              : file.text("catalog.name").orElse(catalogName);
      return new CatalogConfig(name, properties);
    }
    try (LocalIcebergCatalog local = LocalIcebergCatalog.open(dataDir.resolve("iceberg"))) {
      return new CatalogConfig(local.name(), local.properties());
    }
  }

  /**
   * A {@code --catalog-property} value with its references resolved. A secret property (by the
   * configuration file's rule, {@link ConfigKey#secret}) must be a reference: a password typed on
   * the command line shows in {@code ps}, the shell's history and a Kubernetes manifest. An empty
   * value hides nothing and stays allowed (a database without a password).
   */
  private String resolved(String key, String value) {
    boolean secret = CATALOG_PROPERTIES.secret(CATALOG_PROPERTIES.prefix() + key);
    if ((secret && !value.isEmpty()) || SecretReferences.hasReference(value)) {
      return ConfigFileOption.secretFlag(mixee, "--catalog-property " + key + "=", value);
    }
    return value;
  }
}
