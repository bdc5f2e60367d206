package dev.tributary.cli;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.Source;
import dev.tributary.core.plan.DeploymentPlan;
import dev.tributary.embedded.EmbeddedStack;
import dev.tributary.flink.iceberg.CatalogConfig;
import dev.tributary.flink.materialize.MaterializeJob;
import dev.tributary.flink.materialize.MaterializeSettings;
import dev.tributary.flink.online.RedisOptions;
import dev.tributary.io.file.EventFileReader;
import dev.tributary.io.replay.EventReplayer;
import dev.tributary.io.replay.ReplaySummary;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tributary demo}: the example end to end on embedded defaults. It validates the
 * definitions, starts an in-process Kafka, a redis-server, a local Iceberg catalog and a Flink
 * MiniCluster, replays the flights sample into Kafka, runs the materialization job over it, and
 * checks what landed in Iceberg and Redis against the core computed directly from the same files.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Run the example end to end on embedded defaults (Kafka, Redis, Iceberg, Flink in this process).")
final class DemoCommand extends DefinitionsCommand {

  @Option(
      names = "--days",
      defaultValue = "3",
      description =
          "how many days of the flights sample to replay, 1..14 (default: ${DEFAULT-VALUE})")
  int days;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "keep the Iceberg catalog and warehouse here (default: a temporary folder, deleted at the end)")
  Path dataDir;

  @Override
  int run(FeatureRepository repository, PrintWriter out) throws Exception {
    out.printf(
        "1. Definitions in %s are valid: %d views, versions %s%n",
        definitions.folder,
        repository.views().size(),
        repository.views().stream().map(v -> v.versionedName()).toList());
    Path folder = dataDir != null ? dataDir : Files.createTempDirectory("tributary-demo");
    try (EmbeddedStack stack = EmbeddedStack.start(folder.resolve("iceberg"), 2)) {
      out.println("2. Started " + stack);
      out.flush();
      Source flights = replaySource(repository);
      ReplaySummary replayed = replay(flights, stack, out);
      out.printf(
          "3. Replayed %,d flights into Kafka topic '%s' in event-time order (%,.0f events/s)%n",
          replayed.published(), flights.topic().orElseThrow(), replayed.eventsPerSecond());
      out.flush();

      RedisOptions redis = RedisOptions.builder(stack.redis().host(), stack.redis().port()).build();
      CatalogConfig catalog =
          new CatalogConfig(stack.iceberg().name(), stack.iceberg().properties());
      MaterializeJob job =
          new MaterializeJob(
              repository,
              new MaterializeSettings(
                  stack.kafka().bootstrapServers(), "demo", true, catalog, "demo", redis));
      StreamExecutionEnvironment env = stack.flink().environment();
      org.apache.flink.configuration.Configuration checkpoints =
          new org.apache.flink.configuration.Configuration();
      FlinkTarget.localCheckpointStorage(checkpoints, folder.resolve("checkpoints"));
      env.configure(checkpoints);
      env.enableCheckpointing(2_000);
      job.build(env);
      long started = System.nanoTime();
      env.execute("tributary demo: materialize");
      out.printf("4. Materialized them on Flink in %.1f s%n", (System.nanoTime() - started) / 1e9);
      out.flush();

      int differences =
          new DemoReport(repository, job.programs(), catalog, redis, out).print(replayed);
      if (differences > 0) {
        return 1;
      }
    } finally {
      if (dataDir == null) {
        TemporaryFolders.delete(folder);
      }
    }
    return 0;
  }

  private static Source replaySource(FeatureRepository repository) {
    return repository.sources().stream()
        .filter(s -> s.files().isPresent() && s.topic().isPresent())
        .findFirst()
        .orElseThrow(
            () -> new IllegalArgumentException("no source with both files and a topic to replay"));
  }

  private ReplaySummary replay(Source source, EmbeddedStack stack, PrintWriter out)
      throws Exception {
    if (days < 1 || days > 14) {
      throw new IllegalArgumentException("--days must be between 1 and 14, got " + days);
    }
    stack.kafka().createTopic(source.topic().orElseThrow(), 2);
    stack.kafka().createTopic(DeploymentPlan.DEAD_LETTER_TOPIC, 1);
    Instant start = Instant.parse("2001-01-01T00:00:00Z");
    return EventReplayer.builder()
        .files(EventFileReader.of(source))
        .bootstrapServers(stack.kafka().bootstrapServers())
        .eventTimeRange(start.toEpochMilli(), start.plus(Duration.ofDays(days)).toEpochMilli())
        .progress(spec.commandLine().getErr(), false)
        .build()
        .run();
  }
}
