package dev.tributary.cli;

import dev.tributary.triton.models.ModelsTool;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

/**
 * {@code tributary models}: train ({@link ModelsTrainCommand}), publish, load, unload and inspect
 * model versions (see docs/triton.md).
 */
@Command(
    name = "models",
    subcommands = ModelsTrainCommand.class,
    description = {
      "Model pipeline:",
      "  train   DEFINITIONS --repository staging --test-from 2001-01-11 (from training.<model> in Iceberg)",
      "  publish --from staging --to triton-models|s3a://bucket/models --model flight_delay [--versions 1,2] [--replace]",
      "  load|unload --endpoint host:port --model flight_delay",
      "  status  --endpoint host:port [--model flight_delay]"
    })
final class ModelsCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "ACTION",
      description = "train, publish, load, unload or status")
  String action;

  @Unmatched List<String> options = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    if (action == null) {
      throw new IllegalArgumentException(
          "models: give an action: train, publish, load, unload or status");
    }
    List<String> args = new ArrayList<>();
    args.add(action);
    args.addAll(options);
    return ModelsTool.run(args.toArray(String[]::new), System.out);
  }
}
