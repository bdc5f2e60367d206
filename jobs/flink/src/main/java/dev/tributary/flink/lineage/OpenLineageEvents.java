package dev.tributary.flink.lineage;

import dev.tributary.core.lineage.LineageNode;
import dev.tributary.core.lineage.LineageRun;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineage.RunEvent.EventType;
import io.openlineage.client.OpenLineageClient;
import io.openlineage.client.transports.FileConfig;
import io.openlineage.client.transports.FileTransport;
import io.openlineage.client.transports.HttpConfig;
import io.openlineage.client.transports.HttpTransport;
import io.openlineage.client.transports.Transport;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * A job run's lineage as OpenLineage run events (a START, then a COMPLETE with its inputs and
 * outputs), sent with the {@code openlineage-java} client to an HTTP endpoint (Marquez, DataHub,
 * ...) or appended to a file, one JSON event per line.
 *
 * <p>Datasets are named by kind: Iceberg tables in namespace {@code iceberg://<catalog>} with the
 * snapshot id as the dataset version; topics in {@code kafka://<bootstrap servers>}; files and
 * model repository paths in {@code file}; view versions and model versions in {@code tributary}.
 */
public final class OpenLineageEvents implements AutoCloseable {
  /** The job namespace of every Tributary job. */
  public static final String NAMESPACE = "tributary";

  private static final URI PRODUCER = URI.create("https://github.com/tributary/tributary");

  private final OpenLineageClient client;
  private final OpenLineage events = new OpenLineage(PRODUCER);
  private final String catalog;
  private final String kafka;

  private OpenLineageEvents(Transport transport, String catalog, String kafka) {
    this.client = new OpenLineageClient(transport);
    this.catalog = catalog;
    this.kafka = kafka;
  }

  /**
   * Events to {@code target}: an {@code http://} or {@code https://} URL (its path is the endpoint,
   * {@code /api/v1/lineage} when it has none), or else a file.
   *
   * @param catalog the Iceberg catalog's name, for table namespaces
   * @param kafka the bootstrap servers, for topic namespaces; empty when unknown
   */
  public static OpenLineageEvents to(String target, String catalog, String kafka) {
    if (target.startsWith("http://") || target.startsWith("https://")) {
      URI uri = URI.create(target);
      HttpConfig config = new HttpConfig();
      config.setUrl(URI.create(uri.getScheme() + "://" + uri.getAuthority()));
      if (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/")) {
        config.setEndpoint(uri.getPath());
      }
      return new OpenLineageEvents(new HttpTransport(config), catalog, kafka);
    }
    return new OpenLineageEvents(new FileTransport(new FileConfig(target)), catalog, kafka);
  }

  /** Sends the run's START and COMPLETE events. */
  public void emit(LineageRun run, Instant endedAt) {
    UUID runId = UUID.nameUUIDFromBytes(run.runId().getBytes(StandardCharsets.UTF_8));
    OpenLineage.Run olRun = events.newRun(runId, null);
    OpenLineage.Job job = events.newJob(NAMESPACE, run.job(), null);
    client.emit(
        events.newRunEvent(
            run.startedAt().atZone(ZoneOffset.UTC),
            EventType.START,
            olRun,
            job,
            List.of(),
            List.of()));
    List<OpenLineage.InputDataset> inputs =
        run.inputs().stream()
            .map(n -> events.newInputDataset(namespace(n), n.name(), facets(n), null))
            .toList();
    List<OpenLineage.OutputDataset> outputs =
        run.outputs().stream()
            .map(n -> events.newOutputDataset(namespace(n), n.name(), facets(n), null))
            .toList();
    client.emit(
        events.newRunEvent(
            endedAt.atZone(ZoneOffset.UTC), EventType.COMPLETE, olRun, job, inputs, outputs));
  }

  private OpenLineage.DatasetFacets facets(LineageNode node) {
    if (node.snapshot().isEmpty()) {
      return null;
    }
    return events
        .newDatasetFacetsBuilder()
        .version(events.newDatasetVersionDatasetFacet(node.snapshot()))
        .build();
  }

  private String namespace(LineageNode node) {
    switch (node.kind()) {
      case LineageNode.TABLE:
        return "iceberg://" + catalog;
      case LineageNode.TOPIC:
        return "kafka://" + kafka;
      case LineageNode.FILE:
      case LineageNode.PATH:
        return "file";
      default:
        return NAMESPACE;
    }
  }

  @Override
  public void close() throws Exception {
    client.close();
  }
}
