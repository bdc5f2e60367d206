package dev.tributary.triton.models;

import dev.tributary.triton.server.ModelConfigException;
import dev.tributary.triton.server.ModelConfigFile;
import dev.tributary.triton.server.ModelRepository;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Publishes model versions from a staging repository into a serving repository folder (the one
 * Triton or the local server reads). The config is checked first; each version folder is copied
 * under a hidden temporary name and then renamed, so a server polling the repository never sees
 * half a version; config.pbtxt is replaced last, by rename too. A version already published is left
 * alone unless {@code replace} is set: a published version is immutable by default.
 */
public final class RepositoryPublisher {

  private RepositoryPublisher() {}

  /**
   * @param versions the versions to publish; empty for every version folder of the staged model
   * @return the versions published
   */
  public static List<Long> publish(
      Path staging, String model, List<Long> versions, Path target, boolean replace)
      throws IOException, ModelConfigException {
    Path source = staging.resolve(model);
    List<Long> chosen = versionsToPublish(staging, model, versions);
    Path destination = target.resolve(model);
    Files.createDirectories(destination);
    for (long version : chosen) {
      Path from = source.resolve(Long.toString(version));
      if (!Files.isRegularFile(from.resolve(ModelRepository.DEFAULT_MODEL_FILE))) {
        throw new NoSuchFileException(
            from.resolve(ModelRepository.DEFAULT_MODEL_FILE).toString(),
            null,
            "version " + version + " of " + model + " has no model file to publish");
      }
      Path to = destination.resolve(Long.toString(version));
      if (Files.exists(to) && !replace) {
        throw new FileAlreadyExistsException(
            to.toString(),
            null,
            "version "
                + version
                + " is already published; publish a new version number or pass replace");
      }
    }
    for (long version : chosen) {
      Path to = destination.resolve(Long.toString(version));
      Path temporary = destination.resolve(".publishing-" + version);
      deleteTree(temporary);
      copyTree(source.resolve(Long.toString(version)), temporary);
      deleteTree(to);
      Files.move(temporary, to, StandardCopyOption.ATOMIC_MOVE);
    }
    Path config = destination.resolve(".config.pbtxt.publishing");
    Files.copy(source.resolve("config.pbtxt"), config, StandardCopyOption.REPLACE_EXISTING);
    Files.move(
        config,
        destination.resolve("config.pbtxt"),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    return chosen;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(file);
      }
    }
  }

  /**
   * The staged model's versions to publish, after checking its config: {@code versions}, or every
   * version folder when it is empty.
   *
   * @throws ModelConfigException when the config is invalid or there is no version to publish
   */
  static List<Long> versionsToPublish(Path staging, String model, List<Long> versions)
      throws IOException, ModelConfigException {
    Path source = staging.resolve(model);
    ModelConfigFile.read(source);
    List<Long> chosen =
        versions.isEmpty()
            ? new ArrayList<>(new ModelRepository(staging).versionFolders(model))
            : versions;
    if (chosen.isEmpty()) {
      throw new ModelConfigException(source, "no version folder to publish");
    }
    return chosen;
  }
}
