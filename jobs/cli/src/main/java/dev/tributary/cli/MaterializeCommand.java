package dev.tributary.cli;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.embedded.EmbeddedStack;
import dev.tributary.embedded.LocalIcebergCatalog;
import dev.tributary.flink.iceberg.CatalogConfig;
import dev.tributary.flink.materialize.MaterializeJob;
import dev.tributary.flink.materialize.MaterializeSettings;
import dev.tributary.flink.online.RedisOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tributary materialize}: the streaming job, from Kafka to the Iceberg history tables and
 * Redis, on a local MiniCluster or a Flink cluster; with {@code --embedded}, on services it starts
 * itself.
 */
@Command(name = "materialize", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Run the streaming materialization job: source topics -> exact feature values -> Iceberg history "
        + "tables (features.<view>__<version>) and Redis.",
        "Example: tributary materialize feature-defs --bootstrap-servers kafka:9092 --redis redis:6379 "
            + "--catalog-property uri=jdbc:postgresql://db/iceberg --catalog-property warehouse=s3a://lake/"})
final class MaterializeCommand implements Callable<Integer> {
  @Mixin DefinitionsOption definitions;
  @Mixin FlinkTarget flink;
  @Spec CommandSpec spec;

  @Option(names = "--embedded",
      description = "start an in-process Kafka, a redis-server and a local Iceberg catalog (in --data-dir) and "
          + "run against them")
  boolean embedded;

  @Option(names = "--data-dir", defaultValue = "tributary-data", paramLabel = "DIR",
      description = "folder of the local Iceberg catalog and warehouse (default: ${DEFAULT-VALUE})")
  Path dataDir;

  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]", description = "Kafka of the source topics")
  String bootstrapServers;

  @Option(names = "--catalog-name", defaultValue = "tributary", description = "Iceberg catalog name (default: ${DEFAULT-VALUE})")
  String catalogName;

  @Option(names = "--catalog-property", paramLabel = "KEY=VALUE",
      description = "Iceberg catalog property, repeatable (default: a JDBC catalog on SQLite in --data-dir)")
  Map<String, String> catalogProperties = new LinkedHashMap<>();

  @Option(names = "--redis", paramLabel = "HOST:PORT", description = "Redis of the online store (none: history only)")
  String redis;

  @Option(names = "--redis-password", paramLabel = "PASSWORD", description = "Redis AUTH password")
  String redisPassword;

  @Option(names = "--group-id", defaultValue = "tributary-materialize", description = "Kafka consumer group")
  String groupId;

  @Option(names = "--bounded", description = "stop at the topics' current end instead of running until stopped")
  boolean bounded;

  @Override
  public Integer call() throws Exception {
    FeatureRepository repository = definitions.load(spec.commandLine().getErr());
    if (repository == null) {
      return 1;
    }
    PrintWriter out = spec.commandLine().getOut();
    if (!embedded) {
      if (bootstrapServers == null) {
        spec.commandLine().getErr().println("give --bootstrap-servers, or --embedded to start a local Kafka");
        return 2;
      }
      run(repository, bootstrapServers, catalog(), redisOptions(), flink.environment(), out);
      return 0;
    }
    try (EmbeddedStack stack = EmbeddedStack.start(dataDir.resolve("iceberg"), flink.parallelism)) {
      out.println(stack);
      out.flush();
      RedisOptions redisOptions = RedisOptions.builder(stack.redis().host(), stack.redis().port()).build();
      StreamExecutionEnvironment env = stack.flink().environment();
      org.apache.flink.configuration.Configuration checkpoints = new org.apache.flink.configuration.Configuration();
      FlinkTarget.localCheckpointStorage(checkpoints, dataDir.resolve("checkpoints"));
      env.configure(checkpoints);
      env.enableCheckpointing(FlinkTarget.parse(flink.checkpointInterval).toMillis());
      run(repository, stack.kafka().bootstrapServers(),
          new CatalogConfig(stack.iceberg().name(), stack.iceberg().properties()), redisOptions, env, out);
    }
    return 0;
  }

  private void run(FeatureRepository repository, String servers, CatalogConfig catalog, RedisOptions redisOptions,
      StreamExecutionEnvironment env, PrintWriter out) throws Exception {
    MaterializeSettings settings = new MaterializeSettings(servers, groupId, bounded, catalog,
        "materialize-" + UUID.randomUUID(), redisOptions);
    new MaterializeJob(repository, settings).build(env);
    out.println("materialize: running (" + (bounded ? "until the topics' current end" : "until stopped") + ")");
    out.flush();
    env.execute("tributary materialize " + definitions.folder);
  }

  /** The given catalog, or the local one in the data folder, created (with its namespaces) on first use. */
  private CatalogConfig catalog() throws Exception {
    if (!catalogProperties.isEmpty()) {
      return new CatalogConfig(catalogName, catalogProperties);
    }
    try (LocalIcebergCatalog local = LocalIcebergCatalog.open(dataDir.resolve("iceberg"))) {
      return new CatalogConfig(local.name(), local.properties());
    }
  }

  private RedisOptions redisOptions() {
    if (redis == null) {
      return null;
    }
    String[] hostPort = redis.split(":", 2);
    RedisOptions.Builder builder = RedisOptions.builder(hostPort[0], Integer.parseInt(hostPort[1]));
    if (redisPassword != null) {
      builder.auth(null, redisPassword);
    }
    return builder.build();
  }
}
