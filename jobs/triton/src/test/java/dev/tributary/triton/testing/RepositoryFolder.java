package dev.tributary.triton.testing;

import dev.tributary.triton.tensor.ElementType;
import dev.tributary.triton.wire.ConfigTypes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes Triton model repositories for tests: config.pbtxt files and numbered version folders. */
public final class RepositoryFolder {

  private final Path root;

  public RepositoryFolder(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  public RepositoryFolder config(String model, String configText) {
    write(root.resolve(model).resolve("config.pbtxt"), configText);
    return this;
  }

  public RepositoryFolder version(String model, long version, byte[] onnx) {
    OnnxGraphs.write(
        root.resolve(model).resolve(Long.toString(version)).resolve("model.onnx"), onnx);
    return this;
  }

  /**
   * An Identity model {@code identity_<type>} taking INPUT0 and giving OUTPUT0 of dims [-1],
   * batched up to 8, with the given extra config text (e.g. a dynamic_batching block).
   */
  public RepositoryFolder identity(ElementType type, String extraConfig) {
    String model = identityName(type);
    String configType = ConfigTypes.toConfigType(type).name();
    config(
        model,
        "max_batch_size: 8\n"
            + "input [ { name: \"INPUT0\" data_type: "
            + configType
            + " dims: [ -1 ] } ]\n"
            + "output [ { name: \"OUTPUT0\" data_type: "
            + configType
            + " dims: [ -1 ] } ]\n"
            + extraConfig);
    return version(model, 1, OnnxGraphs.identity(type, 2));
  }

  public static String identityName(ElementType type) {
    return "identity_" + type.name().toLowerCase();
  }

  private static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
