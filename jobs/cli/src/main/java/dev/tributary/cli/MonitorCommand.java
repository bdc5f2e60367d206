package dev.tributary.cli;

import dev.tributary.core.config.KafkaConnection;
import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.Model;
import dev.tributary.embedded.EmbeddedStack;
import dev.tributary.flink.iceberg.CatalogConfig;
import dev.tributary.flink.lineage.JobLineage;
import dev.tributary.flink.monitor.MonitorJob;
import dev.tributary.flink.monitor.MonitorSettings;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tributary monitor}: the monitor job of one model (labels joined to the prediction log,
 * quality per version and window, alerts), on a local MiniCluster or a Flink cluster; with {@code
 * --embedded}, on services it starts itself.
 */
@Command(
    name = "monitor",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Run the monitor job: predictions (Kafka tributary.predictions) joined to the model's labels"
          + " in event time -> monitoring.labeled_predictions, monitoring.model_metrics,"
          + " monitoring.ab_tests; drift against the training baseline -> monitoring.drift;"
          + " latency -> monitoring.latency; dead letters (tributary.dead_letters) over requests"
          + " -> monitoring.errors; monitoring.alerts and the alerts topic (exactly"
          + " once). With --embedded, Flink's metrics are served to Prometheus (address printed).",
      "Example: tributary monitor feature-defs --model flight_delay --bootstrap-servers kafka:9092"
          + " --catalog-property uri=jdbc:postgresql://db/iceberg"
    })
final class MonitorCommand extends DefinitionsCommand {
  @Mixin FlinkTarget flink;

  @Option(
      names = "--model",
      paramLabel = "NAME",
      description = "the model to monitor (default: the only one defined)")
  String modelName;

  @Option(
      names = "--embedded",
      description =
          "start an in-process Kafka and a local Iceberg catalog (in --data-dir) and run against them")
  boolean embedded;

  @Mixin CatalogOptions catalog;
  @Mixin LineageOption lineage;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT[,...]",
      description = "Kafka of the prediction log, the label source and the alerts topic")
  String bootstrapServers;

  @Option(
      names = "--group-id",
      defaultValue = "tributary-monitor",
      description = "Kafka consumer group of the inputs (default: ${DEFAULT-VALUE})")
  String groupId;

  @Option(
      names = "--prediction-out-of-orderness",
      defaultValue = "1m",
      paramLabel = "DURATION",
      description =
          "how far request times on the prediction log run out of order (default: ${DEFAULT-VALUE})")
  String outOfOrderness;

  @Option(
      names = "--baseline",
      paramLabel = "TRAINING_SET",
      description =
          "measure drift against training.<TRAINING_SET>__stats, which must exist (default: the"
              + " model's name, and no drift when that table does not exist)")
  String baseline;

  @Option(
      names = "--bounded",
      description = "stop at the topics' current end instead of running until stopped")
  boolean bounded;

  @Override
  int run(FeatureRepository repository, PrintWriter out) throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    Model model = model(repository, modelName, definitions.folder, err);
    if (model == null) {
      return 2;
    }
    if (!embedded) {
      KafkaConnection kafka = config.kafka(bootstrapServers);
      if (kafka == null) {
        err.println(
            "give --bootstrap-servers (or kafka.bootstrap-servers in --config), or --embedded to"
                + " start local services");
        return 2;
      }
      run(model, kafka, catalog.config(), flink.environment(), out);
      return 0;
    }
    try (EmbeddedStack stack =
        EmbeddedStack.start(catalog.dataDir.resolve("iceberg"), flink.parallelism)) {
      out.println(stack);
      out.flush();
      StreamExecutionEnvironment env = flink.embeddedEnvironment(stack, catalog.dataDir);
      run(
          model,
          KafkaConnection.plain(stack.kafka().bootstrapServers()),
          new CatalogConfig(stack.iceberg().name(), stack.iceberg().properties()),
          env,
          out);
    }
    return 0;
  }

  /** The model named {@code modelName}, or the only one when null; null after saying what to do. */
  static Model model(
      FeatureRepository repository, String modelName, java.nio.file.Path folder, PrintWriter err) {
    List<String> names = repository.models().stream().map(Model::name).toList();
    if (modelName == null && names.size() == 1) {
      return repository.models().get(0);
    }
    if (modelName != null && repository.model(modelName).isPresent()) {
      return repository.model(modelName).get();
    }
    err.println(
        modelName == null
            ? "name the model with --model; defined: " + names
            : "no model '" + modelName + "' in " + folder + "; defined: " + names);
    return null;
  }

  private void run(
      Model model,
      KafkaConnection kafka,
      CatalogConfig catalogConfig,
      StreamExecutionEnvironment env,
      PrintWriter out)
      throws Exception {
    Duration outOfOrder = FlinkTarget.parse(outOfOrderness);
    new MonitorJob(
            model,
            new MonitorSettings(kafka, groupId, bounded, catalogConfig, outOfOrder, baseline))
        .build(env);
    out.println(
        "monitor: "
            + model.name()
            + " running ("
            + (bounded ? "until the topics' current end" : "until stopped")
            + ")");
    out.flush();
    Instant started = Instant.now();
    env.execute("tributary monitor " + model.name());
    if (bounded) {
      // a bounded run has ended: its lineage is the predictions into the tables it wrote
      lineage
          .recorder(catalogConfig, kafka.bootstrapServers())
          .record(JobLineage.monitor(catalogConfig.open(), started));
    }
  }
}
