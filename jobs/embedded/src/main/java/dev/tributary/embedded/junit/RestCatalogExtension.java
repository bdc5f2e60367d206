package dev.tributary.embedded.junit;

import dev.tributary.embedded.EmbeddedRestCatalog;
import java.util.Map;
import java.util.function.Supplier;

/**
 * An {@link EmbeddedRestCatalog} server per test class over a backend catalog whose properties are
 * known only once other extensions run (e.g. a JDBC catalog on a {@link PostgresExtension}'s
 * server): register it after them.
 */
public final class RestCatalogExtension extends ServiceExtension<EmbeddedRestCatalog> {

  private final String backendName;
  private final Supplier<Map<String, String>> backend;

  /** A server over the catalog {@code backend} describes, opened under {@code backendName}. */
  public RestCatalogExtension(String backendName, Supplier<Map<String, String>> backend) {
    this.backendName = backendName;
    this.backend = backend;
  }

  @Override
  protected EmbeddedRestCatalog start() {
    return EmbeddedRestCatalog.start(backendName, backend.get());
  }

  /** The {@code uri} of a {@code type=rest} client. */
  public String uri() {
    return service().uri();
  }
}
