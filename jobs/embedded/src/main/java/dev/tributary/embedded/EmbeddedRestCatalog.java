package dev.tributary.embedded;

import java.net.InetSocketAddress;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.rest.RESTCatalogAdapter;
import org.apache.iceberg.rest.RESTCatalogServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A real Iceberg REST catalog server over HTTP on a random free port of 127.0.0.1, in front of any
 * other catalog (in the tests, the JDBC catalog on PostgreSQL that production uses).
 *
 * <pre>
 *   client (RESTCatalog, type=rest) --HTTP--> Jetty --> RESTCatalogServlet --> RESTCatalogAdapter
 *                                                        (Iceberg's own)      --> backend catalog
 * </pre>
 *
 * <p>The servlet and the adapter that maps REST routes onto {@link Catalog} calls are Iceberg's own
 * (from iceberg-core's test jar, as Iceberg's REST catalog fixture server uses them), so clients
 * speak the protocol to the same server code Iceberg tests itself against. Its dependencies
 * (iceberg-core's test jar, Jetty's servlet module) are optional in this module: tests that start
 * the server add them.
 */
public final class EmbeddedRestCatalog implements AutoCloseable {

  private static final String HOST = "127.0.0.1";

  private final Catalog backend;
  private final Server server;

  private EmbeddedRestCatalog(Catalog backend, Server server) {
    this.backend = backend;
    this.server = server;
  }

  /**
   * Opens the backend catalog from Iceberg catalog properties ({@code catalog-impl}, {@code uri},
   * {@code warehouse}, ...) under {@code backendName} and serves it.
   */
  public static EmbeddedRestCatalog start(String backendName, Map<String, String> backend) {
    Catalog catalog = CatalogUtil.buildIcebergCatalog(backendName, backend, new Configuration());
    RESTCatalogAdapter adapter = new RESTCatalogAdapter(catalog);
    ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
    context.addServlet(new ServletHolder(new RESTCatalogServlet(adapter)), "/*");
    Server server = new Server(new InetSocketAddress(HOST, 0));
    server.setHandler(context);
    try {
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException("Cannot start the Iceberg REST catalog server", e);
    }
    return new EmbeddedRestCatalog(catalog, server);
  }

  /** {@code http://127.0.0.1:port}: the {@code uri} of a {@code type=rest} client. */
  public String uri() {
    return "http://" + HOST + ":" + ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  /** The catalog the server stores into, opened in this JVM. */
  public Catalog backend() {
    return backend;
  }

  @Override
  public void close() throws Exception {
    try {
      server.stop();
    } finally {
      if (backend instanceof AutoCloseable closeable) {
        closeable.close();
      }
    }
  }

  @Override
  public String toString() {
    return "EmbeddedRestCatalog[" + uri() + " over " + backend.name() + "]";
  }
}
