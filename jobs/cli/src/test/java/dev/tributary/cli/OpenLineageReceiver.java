package dev.tributary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local HTTP endpoint that takes OpenLineage events as Marquez would ({@code POST
 * /api/v1/lineage}, answered 201), and keeps them for a test to read.
 */
final class OpenLineageReceiver implements AutoCloseable {
  private final HttpServer server;
  private final List<JsonNode> events = new CopyOnWriteArrayList<>();

  OpenLineageReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/api/v1/lineage",
        exchange -> {
          try (exchange) {
            events.add(new ObjectMapper().readTree(exchange.getRequestBody()));
            exchange.sendResponseHeaders(201, -1);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/lineage";
  }

  /** The events received, in order. */
  List<JsonNode> events() {
    return List.copyOf(events);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
