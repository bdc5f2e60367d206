package dev.tributary.cli;

import dev.tributary.core.config.KafkaConnection;
import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.view.ViewProgram;
import dev.tributary.embedded.EmbeddedStack;
import dev.tributary.flink.iceberg.CatalogConfig;
import dev.tributary.flink.lineage.JobLineage;
import dev.tributary.flink.lineage.TopicOffsets;
import dev.tributary.flink.materialize.MaterializeJob;
import dev.tributary.flink.materialize.MaterializeSettings;
import dev.tributary.flink.online.RedisOptions;
import dev.tributary.flink.registry.LiveVersions;
import dev.tributary.flink.registry.RegistryStore;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tributary materialize}: the streaming job, from Kafka to the Iceberg history tables and
 * Redis, on a local MiniCluster or a Flink cluster; with {@code --embedded}, on services it starts
 * itself.
 */
@Command(
    name = "materialize",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Run the streaming materialization job: source topics -> exact feature values -> Iceberg history "
          + "tables (features.<view>__<version>) and Redis.",
      "Example: tributary materialize feature-defs --bootstrap-servers kafka:9092 --redis redis:6379 "
          + "--catalog-property uri=jdbc:postgresql://db/iceberg --catalog-property warehouse=s3a://lake/"
    })
final class MaterializeCommand extends DefinitionsCommand {
  @Mixin FlinkTarget flink;

  @Option(
      names = "--embedded",
      description =
          "start an in-process Kafka, a redis-server and a local Iceberg catalog (in --data-dir) and "
              + "run against them")
  boolean embedded;

  @Mixin CatalogOptions catalog;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT[,...]",
      description = "Kafka of the source topics")
  String bootstrapServers;

  @Mixin RedisAddressOptions redis;

  @Option(
      names = "--group-id",
      defaultValue = "tributary-materialize",
      description = "Kafka consumer group")
  String groupId;

  @Option(
      names = "--write-from",
      paramLabel = "TIME",
      description =
          "continue a backfill: write history rows only for change points at or after TIME (the"
              + " backfill's --to); earlier events only warm the windows")
  String writeFrom;

  @Option(
      names = "--bounded",
      description = "stop at the topics' current end instead of running until stopped")
  boolean bounded;

  @Mixin LineageOption lineage;

  @Override
  int run(FeatureRepository repository, PrintWriter out) throws Exception {
    if (!embedded) {
      KafkaConnection kafka = config.kafka(bootstrapServers);
      if (kafka == null) {
        spec.commandLine()
            .getErr()
            .println(
                "give --bootstrap-servers (or kafka.bootstrap-servers in --config), or --embedded"
                    + " to start a local Kafka");
        return 2;
      }
      run(repository, kafka, catalog.config(), redis.options(), flink.environment(), out);
      return 0;
    }
    try (EmbeddedStack stack =
        EmbeddedStack.start(catalog.dataDir.resolve("iceberg"), flink.parallelism)) {
      out.println(stack);
      out.flush();
      RedisOptions redisOptions =
          RedisOptions.builder(stack.redis().host(), stack.redis().port()).build();
      StreamExecutionEnvironment env = flink.embeddedEnvironment(stack, catalog.dataDir);
      run(
          repository,
          KafkaConnection.plain(stack.kafka().bootstrapServers()),
          new CatalogConfig(stack.iceberg().name(), stack.iceberg().properties()),
          redisOptions,
          env,
          out);
    }
    return 0;
  }

  private void run(
      FeatureRepository repository,
      KafkaConnection kafka,
      CatalogConfig catalog,
      RedisOptions redisOptions,
      StreamExecutionEnvironment env,
      PrintWriter out)
      throws Exception {
    MaterializeSettings settings =
        new MaterializeSettings(
            kafka,
            groupId,
            bounded,
            catalog,
            "materialize-" + UUID.randomUUID(),
            redisOptions,
            writeFrom == null ? Long.MIN_VALUE : BackfillCommand.time(writeFrom));
    // a changed view's earlier version is written beside the new one until it is retired
    FeatureRepository live = LiveVersions.of(repository, new RegistryStore(catalog.open()));
    live.views().stream()
        .filter(v -> !repository.views().contains(v))
        .forEach(
            v ->
                out.println(
                    "materialize: also writing "
                        + v.name()
                        + "@"
                        + v.version()
                        + " until tributary retire "
                        + v.name()
                        + "@"
                        + v.version()));
    MaterializeJob job = new MaterializeJob(live, settings);
    job.build(env);
    out.println(
        "materialize: running ("
            + (bounded ? "until the topics' current end" : "until stopped")
            + ")");
    out.flush();
    Instant started = Instant.now();
    flink.execute(env, "tributary materialize " + definitions.folder, out);
    if (bounded && !flink.detached) {
      // a bounded run has ended: its lineage is what it read up to the topics' end
      List<FeatureView> views = job.programs().stream().map(ViewProgram::view).toList();
      Map<String, String> offsets = new TreeMap<>();
      for (FeatureView view : views) {
        String topic = view.source().topic().orElseThrow();
        offsets.putIfAbsent(topic, TopicOffsets.end(kafka, topic));
      }
      lineage
          .recorder(catalog, kafka.bootstrapServers())
          .record(JobLineage.materialize(views, offsets, catalog.open(), started));
    }
  }
}
