package dev.tributary.triton.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A model repository folder laid out as Triton reads it:
 *
 * <pre>
 * repository/
 *   flight_delay/
 *     config.pbtxt
 *     1/model.onnx
 *     2/model.onnx
 * </pre>
 *
 * A model is a folder with a config.pbtxt; its versions are the sub-folders whose names are
 * positive integers (others, such as a metadata folder, are ignored).
 */
public final class ModelRepository {

  /** File name of a version's model unless config.pbtxt sets default_model_filename. */
  public static final String DEFAULT_MODEL_FILE = "model.onnx";

  private final Path root;

  public ModelRepository(Path root) {
    if (!Files.isDirectory(root)) {
      throw new IllegalArgumentException("model repository " + root + " is not a directory");
    }
    this.root = root;
  }

  public Path root() {
    return root;
  }

  /** Names of the folders holding a config.pbtxt, sorted. */
  public List<String> modelNames() {
    try (Stream<Path> children = Files.list(root)) {
      List<String> names = new ArrayList<>();
      children
          .filter(dir -> Files.isRegularFile(dir.resolve("config.pbtxt")))
          .map(dir -> dir.getFileName().toString())
          .sorted()
          .forEach(names::add);
      return names;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list model repository " + root, e);
    }
  }

  public boolean contains(String modelName) {
    return !modelName.isEmpty()
        && !modelName.contains("/")
        && !modelName.contains("..")
        && Files.isRegularFile(root.resolve(modelName).resolve("config.pbtxt"));
  }

  public Path modelDir(String modelName) {
    return root.resolve(modelName);
  }

  /** The numbered version folders of a model. */
  public SortedSet<Long> versionFolders(String modelName) {
    SortedSet<Long> versions = new TreeSet<>();
    try (Stream<Path> children = Files.list(modelDir(modelName))) {
      children
          .filter(Files::isDirectory)
          .forEach(
              dir -> {
                String name = dir.getFileName().toString();
                if (name.matches("[1-9][0-9]{0,17}")) {
                  versions.add(Long.parseLong(name));
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list versions of model " + modelDir(modelName), e);
    }
    return versions;
  }
}
