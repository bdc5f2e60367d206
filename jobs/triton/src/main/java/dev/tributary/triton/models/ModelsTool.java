package dev.tributary.triton.models;

import dev.tributary.triton.client.TritonClient;
import dev.tributary.triton.protocol.ModelStatistics;
import dev.tributary.triton.protocol.RepositoryIndexResponse;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The model pipeline behind {@code tributary models ...} after training ({@code tributary models
 * train} lives in the command line, which reads the training table from Iceberg and hands its rows
 * to {@link FlightDelayPublisher}):
 *
 * <pre>
 *   publish --from staging --to triton-models|s3a://bucket/triton-models --model flight_delay [--versions 1,2] [--replace]
 *   load    --endpoint host:port --model flight_delay        RepositoryModelLoad
 *   unload  --endpoint host:port --model flight_delay        RepositoryModelUnload
 *   status  --endpoint host:port [--model flight_delay]      index, readiness and statistics
 * </pre>
 *
 * Publishing writes to a folder ({@link RepositoryPublisher}, atomic renames) or to any Hadoop file
 * system URI ({@link HadoopRepositoryPublisher}; {@code s3a://} with the {@code s3a} Maven
 * profile).
 */
public final class ModelsTool {

  private ModelsTool() {}

  public static void main(String[] args) throws Exception {
    System.exit(run(args, System.out));
  }

  /** Runs one subcommand; returns the process exit code. */
  public static int run(String[] args, PrintStream out) throws Exception {
    if (args.length == 0) {
      throw new IllegalArgumentException("usage: publish|load|unload|status [options]");
    }
    Map<String, String> options = options(args);
    switch (args[0]) {
      case "publish" -> {
        List<Long> versions = new ArrayList<>();
        if (options.containsKey("--versions")) {
          for (String v : options.get("--versions").split(",")) {
            versions.add(Long.parseLong(v.trim()));
          }
        }
        String target = require(options, "--to");
        Path staging = Paths.get(require(options, "--from"));
        boolean replace = options.containsKey("--replace");
        List<Long> published =
            target.contains("://")
                ? HadoopRepositoryPublisher.publish(
                    staging,
                    require(options, "--model"),
                    versions,
                    URI.create(target),
                    replace,
                    HadoopSettings.load())
                : RepositoryPublisher.publish(
                    staging, require(options, "--model"), versions, Path.of(target), replace);
        out.println(
            "published " + options.get("--model") + " versions " + published + " to " + target);
      }
      case "load", "unload", "status" -> {
        try (TritonClient client =
            TritonClient.builder().endpoint(require(options, "--endpoint")).build()) {
          String model = options.getOrDefault("--model", "");
          if (args[0].equals("load")) {
            client.loadModel(require(options, "--model"));
            out.println(
                "loaded "
                    + model
                    + ": versions "
                    + client.modelMetadata(model, "").getVersionsList());
          } else if (args[0].equals("unload")) {
            client.unloadModel(require(options, "--model"));
            out.println("unloaded " + model);
          } else {
            printStatus(client, model, out);
          }
        }
      }
      default ->
          throw new IllegalArgumentException(
              "unknown subcommand '" + args[0] + "'; expected publish, load, unload or status");
    }
    return 0;
  }

  private static void printStatus(TritonClient client, String model, PrintStream out) {
    out.println("| model | version | state | inferences | executions | failures | mean ms |");
    out.println("| --- | ---: | --- | ---: | ---: | ---: | ---: |");
    for (RepositoryIndexResponse.ModelIndex entry : client.repositoryIndex(false)) {
      if (!model.isEmpty() && !model.equals(entry.getName())) {
        continue;
      }
      if (!entry.getState().equals("READY")) {
        out.printf(
            Locale.ROOT,
            "| %s | %s | %s%s | | | | |%n",
            entry.getName(),
            entry.getVersion(),
            entry.getState(),
            entry.getReason().isEmpty() ? "" : " (" + entry.getReason() + ")");
        continue;
      }
      ModelStatistics stats = client.modelStatistics(entry.getName(), entry.getVersion()).get(0);
      long successes = stats.getInferenceStats().getSuccess().getCount();
      double meanMs =
          successes == 0 ? 0 : stats.getInferenceStats().getSuccess().getNs() / 1e6 / successes;
      out.printf(
          Locale.ROOT,
          "| %s | %s | READY | %d | %d | %d | %.3f |%n",
          entry.getName(),
          entry.getVersion(),
          stats.getInferenceCount(),
          stats.getExecutionCount(),
          stats.getInferenceStats().getFail().getCount(),
          meanMs);
    }
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 1; i < args.length; i++) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected an option at '" + args[i] + "'");
      }
      boolean flag = i + 1 >= args.length || args[i + 1].startsWith("--");
      options.put(args[i], flag ? "" : args[++i]);
    }
    return options;
  }

  private static String require(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(name + " is required");
    }
    return value;
  }
}
