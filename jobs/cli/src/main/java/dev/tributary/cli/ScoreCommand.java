package dev.tributary.cli;

import dev.tributary.core.config.KafkaConnection;
import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.Scoring;
import dev.tributary.core.registry.TrainedViews;
import dev.tributary.embedded.EmbeddedStack;
import dev.tributary.flink.iceberg.CatalogConfig;
import dev.tributary.flink.lineage.JobLineage;
import dev.tributary.flink.online.RedisOptions;
import dev.tributary.flink.registry.LiveVersions;
import dev.tributary.flink.registry.RegistryStore;
import dev.tributary.flink.score.ScoreJob;
import dev.tributary.flink.score.ScoreSettings;
import dev.tributary.triton.client.TritonClient;
import dev.tributary.triton.client.TritonClientLoader;
import dev.tributary.triton.server.LocalTritonServer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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
final class ScoreCommand extends DefinitionsCommand {
  @Mixin FlinkTarget flink;

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
  @Mixin LineageOption lineage;

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

  @Option(
      names = "--requests-file",
      paramLabel = "FILE",
      description =
          "with --embedded: requests to publish to the requests topic before the job starts, one"
              + " JSON record of the scoring's request source per line (with --bounded: score a"
              + " file of requests locally)")
  Path requestsFile;

  @Override
  int run(FeatureRepository repository, PrintWriter out) throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    Scoring scoring = DefinitionsOption.scoring(repository, scoringName, definitions.folder, err);
    if (scoring == null) {
      return 2;
    }
    if (requestsFile != null && !embedded) {
      err.println(
          "--requests-file publishes to the embedded Kafka: add --embedded, or publish the"
              + " requests to your Kafka's topic yourself");
      return 2;
    }
    if (!embedded) {
      KafkaConnection kafka = config.kafka(bootstrapServers);
      RedisOptions redis = onlineStore.options();
      if (kafka == null || redis == null || config.tritonEndpoints(triton).isEmpty()) {
        err.println(
            "give --bootstrap-servers, --redis and --triton (or their keys in --config), or"
                + " --embedded to start local services");
        return 2;
      }
      run(
          repository,
          scoring,
          kafka,
          catalog.config(),
          redis,
          config.triton(triton),
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
      StreamExecutionEnvironment env = flink.embeddedEnvironment(stack, catalog.dataDir);
      if (requestsFile != null) {
        out.println(
            "score: published "
                + publishRequests(scoring, stack, requestsFile)
                + " requests of "
                + requestsFile);
        out.flush();
      }
      run(
          repository,
          scoring,
          KafkaConnection.plain(stack.kafka().bootstrapServers()),
          new CatalogConfig(stack.iceberg().name(), stack.iceberg().properties()),
          RedisOptions.builder(stack.redis().host(), stack.redis().port()).build(),
          TritonClient.builder().endpoint("localhost:" + server.port()),
          env,
          out);
    }
    return 0;
  }

  private void run(
      FeatureRepository repository,
      Scoring declared,
      KafkaConnection kafka,
      CatalogConfig catalogConfig,
      RedisOptions redis,
      TritonClient.Builder tritonClient,
      StreamExecutionEnvironment env,
      PrintWriter out)
      throws Exception {
    ScoreSettings settings =
        ScoreSettings.of(
                kafka,
                bounded,
                catalogConfig,
                "score-" + UUID.randomUUID(),
                redis,
                TritonClientLoader.of(tritonClient))
            .withGroupId(groupId)
            .withBatching(maxBatchRows, FlinkTarget.parse(maxBatchDelay));
    // the model reads the view versions its served versions were trained on (their metadata.json),
    // which the materialize job keeps writing until they are retired
    Scoring scoring =
        TrainedViews.served(LiveVersions.of(repository, new RegistryStore(catalogConfig.open())))
            .scorings()
            .stream()
            .filter(s -> s.name().equals(declared.name()))
            .findFirst()
            .orElseThrow();
    new ScoreJob(scoring, settings).build(env);
    out.println(
        "score: "
            + scoring.name()
            + " running ("
            + (bounded ? "until the topics' current end" : "until stopped")
            + ")");
    out.flush();
    Instant started = Instant.now();
    flink.execute(env, "tributary score " + scoring.name(), out);
    if (bounded && !flink.detached) {
      // a bounded run has ended: its lineage is the versions and online values it scored with
      lineage
          .recorder(catalogConfig, kafka.bootstrapServers())
          .record(JobLineage.score(scoring, catalogConfig.open(), started));
    }
  }

  /** The file's lines as records of the scoring's requests topic on the embedded Kafka. */
  private int publishRequests(Scoring scoring, EmbeddedStack stack, Path file) throws Exception {
    String topic = scoring.requests().topicOrNull();
    stack.kafka().createTopic(topic, flink.parallelism);
    List<String> lines = Files.readAllLines(file).stream().filter(line -> !line.isBlank()).toList();
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
      for (String line : lines) {
        producer.send(new ProducerRecord<>(topic, line));
      }
      producer.flush();
    }
    return lines.size();
  }
}
