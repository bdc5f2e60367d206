package dev.tributary.cli;

import dev.tributary.core.config.KafkaConnection;
import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.Model;
import dev.tributary.core.registry.TrainedViews;
import dev.tributary.embedded.EmbeddedRedis;
import dev.tributary.flink.iceberg.CatalogConfig;
import dev.tributary.flink.online.RedisOptions;
import dev.tributary.flink.registry.LiveVersions;
import dev.tributary.flink.registry.RegistryStore;
import dev.tributary.serve.ServeLimits;
import dev.tributary.serve.predict.ControlTopicSplits;
import dev.tributary.serve.predict.KafkaPredictionLog;
import dev.tributary.serve.server.TributaryServer;
import dev.tributary.triton.client.TritonClient;
import dev.tributary.triton.server.LocalTritonServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tributary serve}: online features from Redis and synchronous predictions through Triton,
 * over HTTP/JSON and gRPC ({@link TributaryServer}, docs/serving.md). Runs until stopped. A model
 * reads the view versions its served versions were trained on ({@link TrainedViews#served}).
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve online features (POST /v1/features) and predictions (POST /v1/predict) over HTTP and"
          + " gRPC, with /health, /ready and /metrics.",
      "Example: tributary serve feature-defs --redis redis:6379 --triton triton:8001"
    })
final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin DefinitionsOption definitions;

  @Mixin RedisAddressOptions redis;

  @Mixin ConfigFileOption config;

  @Mixin CatalogOptions catalog;

  @Option(
      names = "--triton",
      paramLabel = "HOST:PORT",
      description = "Triton gRPC endpoint for /v1/predict (none: predict answers 503)")
  String triton;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT[,...]",
      description =
          "Kafka of the score job: traffic splits from tributary.traffic_splits, predictions to"
              + " tributary.predictions (none: the definitions' splits, no log)")
  String bootstrapServers;

  @Option(
      names = "--embedded",
      description =
          "start the demo's services here: a redis-server and the local Triton-protocol server on"
              + " the models' repository")
  boolean embedded;

  @Option(
      names = "--host",
      defaultValue = "0.0.0.0",
      description = "address to listen on (default: ${DEFAULT-VALUE})")
  String host;

  @Option(
      names = "--port",
      defaultValue = "6566",
      description = "HTTP port, 0 for any free one (default: ${DEFAULT-VALUE})")
  int port;

  @Option(
      names = "--grpc-port",
      defaultValue = "6567",
      description = "gRPC port, 0 for any free one, -1 for none (default: ${DEFAULT-VALUE})")
  int grpcPort;

  @Option(
      names = "--max-entities",
      defaultValue = "1000",
      description = "most entity rows per request (default: ${DEFAULT-VALUE})")
  int maxEntities;

  @Option(
      names = "--max-body-bytes",
      defaultValue = "1048576",
      description = "largest request body or gRPC message (default: ${DEFAULT-VALUE})")
  int maxBodyBytes;

  @Override
  public Integer call() throws Exception {
    FeatureRepository defined = definitions.load(spec.commandLine().getErr());
    if (defined == null) {
      return 1;
    }
    FeatureRepository repository = served(defined);
    PrintWriter out = spec.commandLine().getOut();
    List<AutoCloseable> opened = new ArrayList<>();
    try {
      RedisOptions redisOptions = redis.options();
      List<String> tritonEndpoints =
          config.tritonEndpoints(
              triton == null ? List.of() : List.of(HostPort.parse("--triton", triton).toString()));
      TritonClient.Builder tritonClient =
          tritonEndpoints.isEmpty() ? null : config.triton(tritonEndpoints);
      String tritonTarget = tritonEndpoints.isEmpty() ? null : String.join(",", tritonEndpoints);
      if (embedded) {
        EmbeddedRedis embeddedRedis = EmbeddedRedis.start();
        opened.add(embeddedRedis);
        redisOptions = RedisOptions.builder(embeddedRedis.host(), embeddedRedis.port()).build();
        Path models = modelRepository(repository);
        if (models != null && tritonTarget == null) {
          LocalTritonServer local = LocalTritonServer.start(models, 0);
          opened.add(local);
          tritonTarget = "127.0.0.1:" + local.port();
          tritonClient = TritonClient.builder().endpoint(tritonTarget);
        }
        out.printf(
            "embedded: redis-server at %s:%d (fill it with tributary materialize --redis),"
                + " local Triton at %s%n",
            embeddedRedis.host(), embeddedRedis.port(), tritonTarget);
      } else if (redisOptions == null) {
        spec.commandLine().getErr().println("give --redis HOST:PORT, or --embedded");
        return 2;
      }
      TributaryServer.Builder builder =
          TributaryServer.builder(repository, redisOptions)
              .limits(new ServeLimits(maxBodyBytes, maxEntities))
              .listen(host, port, grpcPort);
      KafkaConnection kafka = config.kafka(bootstrapServers);
      if (kafka != null) {
        ControlTopicSplits splits = new ControlTopicSplits(kafka, 5);
        opened.add(splits);
        builder
            .splits(splits)
            .predictionLog(new KafkaPredictionLog(kafka, "serve@" + host + ":" + port));
      }
      if (tritonClient != null) {
        TritonClient client = tritonClient.defaultDeadline(Duration.ofSeconds(2)).build();
        opened.add(client);
        builder.triton(client);
      }
      TributaryServer server = builder.start();
      opened.add(server);
      out.printf(
          "tributary serve: HTTP on %s:%d, gRPC on %s, Redis %s, Triton %s (Ctrl-C stops it)%n",
          host,
          server.httpPort(),
          server.grpcPort() < 0 ? "none" : host + ":" + server.grpcPort(),
          redisOptions.address(),
          tritonTarget == null ? "none" : tritonTarget);
      out.flush();
      CountDownLatch stopped = new CountDownLatch(1);
      Thread hook = new Thread(stopped::countDown, "serve-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        stopped.await();
      } catch (InterruptedException interrupted) {
        // stopped by whoever runs it in a thread (a test, an embedding program) rather than by
        // Ctrl-C: the interrupt is the stop request, handled here, so the servers below close
        // without it (Jetty does not stop cleanly on an interrupted thread)
        Runtime.getRuntime().removeShutdownHook(hook);
      }
    } finally {
      Collections.reverse(opened);
      for (AutoCloseable closeable : opened) {
        closeable.close();
      }
    }
    return 0;
  }

  /**
   * The definitions as served: each model reads the view versions its served versions were trained
   * on, as the score job does; an earlier version of a view is found in the registry of the catalog
   * (when there is one; serve never creates it).
   */
  private FeatureRepository served(FeatureRepository defined) throws Exception {
    Optional<CatalogConfig> registry = catalog.existing();
    return TrainedViews.served(
        registry.isEmpty()
            ? defined
            : LiveVersions.of(defined, new RegistryStore(registry.get().open())));
  }

  /** The local model repository of the first model that declares one; null when none does. */
  private static Path modelRepository(FeatureRepository repository) {
    for (Model model : repository.models()) {
      if (model.repository().isPresent() && !model.repository().get().contains("://")) {
        return Path.of(model.repository().get());
      }
    }
    return null;
  }
}
