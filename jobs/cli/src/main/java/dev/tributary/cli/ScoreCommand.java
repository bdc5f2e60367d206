package dev.tributary.cli;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.Scoring;
import dev.tributary.embedded.EmbeddedStack;
import dev.tributary.flink.iceberg.CatalogConfig;
import dev.tributary.flink.online.RedisOptions;
import dev.tributary.flink.score.ScoreJob;
import dev.tributary.flink.score.ScoreSettings;
import dev.tributary.triton.client.TritonClient;
import dev.tributary.triton.client.TritonClientLoader;
import dev.tributary.triton.server.LocalTritonServer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tributary score}: the score job, from scoring requests on Kafka through Redis and Triton
 * to the prediction log, on a local MiniCluster or a Flink cluster; with {@code --embedded}, on
 * services it starts itself, the local Triton-protocol server included.
 */
@Command(
    name = "score",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Run the score job: requests -> online features -> traffic split -> Triton -> predictions "
          + "(Kafka tributary.predictions and Iceberg monitoring.predictions, exactly once).",
      "Example: tributary score feature-defs --bootstrap-servers kafka:9092 --redis redis:6379 "
          + "--triton triton:8001 --catalog-property uri=jdbc:postgresql://db/iceberg"
    })
final class ScoreCommand implements Callable<Integer> {
  @Mixin DefinitionsOption definitions;
  @Mixin FlinkTarget flink;
  @Spec CommandSpec spec;

  @Option(
      names = "--scoring",
      paramLabel = "NAME",
      description = "the scoring deployment to run (default: the only one defined)")
  String scoringName;

  @Option(
      names = "--embedded",
      description =
          "start an in-process Kafka, a redis-server, a local Iceberg catalog (in --data-dir) and the"
              + " local Triton-protocol server on the model's model_repository, and run against them")
  boolean embedded;

  @Mixin CatalogOptions catalog;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT[,...]",
      description = "Kafka of the requests, the control topic and the prediction log")
  String bootstrapServers;

  @Mixin RedisAddressOptions onlineStore;

  @Option(
      names = "--triton",
      paramLabel = "HOST:PORT",
      description = "a Triton gRPC endpoint, repeatable (calls go round-robin)")
  List<String> triton = new ArrayList<>();

  @Option(
      names = "--group-id",
      defaultValue = "tributary-score",
      description = "Kafka consumer group of the requests (default: ${DEFAULT-VALUE})")
  String groupId;

  @Option(
      names = "--max-batch-rows",
      defaultValue = "64",
      description =
          "most requests per ModelInfer call; 1 turns batching off (default: ${DEFAULT-VALUE})")
  int maxBatchRows;

  @Option(
      names = "--max-batch-delay",
      defaultValue = "5ms",
      paramLabel = "DURATION",
      description = "longest a request waits for its batch to fill (default: ${DEFAULT-VALUE})")
  String maxBatchDelay;

  @Option(
      names = "--bounded",
      description = "stop at the topics' current end instead of running until stopped")
  boolean bounded;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    FeatureRepository repository = definitions.load(err);
    if (repository == null) {
      return 1;
    }
    Scoring scoring = DefinitionsOption.scoring(repository, scoringName, definitions.folder, err);
    if (scoring == null) {
      return 2;
    }
    PrintWriter out = spec.commandLine().getOut();
    if (!embedded) {
      if (bootstrapServers == null || onlineStore.options() == null || triton.isEmpty()) {
        err.println(
            "give --bootstrap-servers, --redis and --triton, or --embedded to start local services");
        return 2;
      }
      run(
          scoring,
          bootstrapServers,
          catalog.config(),
          onlineStore.options(),
          triton,
          flink.environment(),
          out);
      return 0;
    }
    Path models =
        Path.of(
            scoring
                .model()
                .repository()
                .filter(r -> !r.contains("://"))
                .orElse(definitions.folder.resolve("../triton-models").toString()));
    try (EmbeddedStack stack =
            EmbeddedStack.start(catalog.dataDir.resolve("iceberg"), flink.parallelism);
        LocalTritonServer server = LocalTritonServer.start(models, 0)) {
      out.println(
          stack + "\nTriton-protocol server on localhost:" + server.port() + " serving " + models);
      out.flush();
      StreamExecutionEnvironment env = stack.flink().environment();
      org.apache.flink.configuration.Configuration checkpoints =
          new org.apache.flink.configuration.Configuration();
      FlinkTarget.localCheckpointStorage(checkpoints, catalog.dataDir.resolve("checkpoints"));
      env.configure(checkpoints);
      env.enableCheckpointing(FlinkTarget.parse(flink.checkpointInterval).toMillis());
      run(
          scoring,
          stack.kafka().bootstrapServers(),
          new CatalogConfig(stack.iceberg().name(), stack.iceberg().properties()),
          RedisOptions.builder(stack.redis().host(), stack.redis().port()).build(),
          List.of("localhost:" + server.port()),
          env,
          out);
    }
    return 0;
  }

  private void run(
      Scoring scoring,
      String servers,
      CatalogConfig catalogConfig,
      RedisOptions redis,
      List<String> endpoints,
      StreamExecutionEnvironment env,
      PrintWriter out)
      throws Exception {
    ScoreSettings settings =
        ScoreSettings.of(
                servers,
                bounded,
                catalogConfig,
                "score-" + UUID.randomUUID(),
                redis,
                TritonClientLoader.of(TritonClient.builder().endpoints(endpoints)))
            .withGroupId(groupId)
            .withBatching(maxBatchRows, FlinkTarget.parse(maxBatchDelay));
    new ScoreJob(scoring, settings).build(env);
    out.println(
        "score: "
            + scoring.name()
            + " running ("
            + (bounded ? "until the topics' current end" : "until stopped")
            + ")");
    out.flush();
    env.execute("tributary score " + scoring.name());
  }
}
