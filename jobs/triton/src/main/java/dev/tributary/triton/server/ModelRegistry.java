package dev.tributary.triton.server;

import ai.onnxruntime.OrtEnvironment;
import dev.tributary.triton.protocol.ModelConfig;
import dev.tributary.triton.protocol.ModelStatistics;
import dev.tributary.triton.protocol.RepositoryIndexResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The models the local server has loaded, by name and version, and the repository operations on
 * them. A (re)load opens every selected version first and swaps them in only when all opened, so a
 * broken config.pbtxt leaves the versions already serving untouched.
 */
final class ModelRegistry implements AutoCloseable {

  /** A model's loaded versions (highest last) and its config; empty when unloaded. */
  private record Loaded(
      ModelConfig config, NavigableMap<Long, ServingVersion> versions, String reason) {}

  private final ModelRepository repository;
  private final OrtEnvironment env;
  private final Map<String, Loaded> models = new ConcurrentHashMap<>();

  ModelRegistry(ModelRepository repository, OrtEnvironment env) {
    this.repository = repository;
    this.env = env;
  }

  ModelRepository repository() {
    return repository;
  }

  /** Loads, or reloads from disk, every version the model's version_policy selects. */
  synchronized void load(String name) throws ModelConfigException {
    if (!repository.contains(name)) {
      throw new ModelConfigException(
          repository.modelDir(name),
          "no model folder with a config.pbtxt for '"
              + name
              + "' in repository "
              + repository.root());
    }
    Path dir = repository.modelDir(name);
    ModelConfig config = ModelConfigFile.read(dir);
    SortedSet<Long> versions =
        VersionSelection.select(config.getVersionPolicy(), repository.versionFolders(name), dir);
    NavigableMap<Long, ServingVersion> opened = new TreeMap<>();
    try {
      for (long version : versions) {
        opened.put(version, new ServingVersion(OnnxModelVersion.open(env, dir, version, config)));
      }
    } catch (ModelConfigException | RuntimeException e) {
      opened.values().forEach(ServingVersion::close);
      throw e;
    }
    Loaded previous =
        models.put(name, new Loaded(config, Collections.unmodifiableNavigableMap(opened), ""));
    if (previous != null) {
      previous.versions().values().forEach(ServingVersion::close);
    }
  }

  synchronized void unload(String name) {
    Loaded previous = models.get(name);
    if (previous == null && !repository.contains(name)) {
      throw InferenceError.notFound(
          "failed to unload '" + name + "', no such model in the repository");
    }
    models.put(
        name,
        new Loaded(
            previous == null ? null : previous.config(),
            Collections.emptyNavigableMap(),
            "unloaded"));
    if (previous != null) {
      previous.versions().values().forEach(ServingVersion::close);
    }
  }

  /**
   * The version a request addresses: the given one, or the highest loaded one when empty.
   *
   * @throws InferenceError NOT_FOUND for an unknown model or a version not loaded, UNAVAILABLE for
   *     a model with no version loaded
   */
  ServingVersion resolve(String name, String version) {
    Loaded loaded = models.get(name);
    if (loaded == null) {
      throw InferenceError.notFound("Request for unknown model: '" + name + "' is not found");
    }
    if (loaded.versions().isEmpty()) {
      throw InferenceError.unavailable(
          "Request for unknown model: '"
              + name
              + "' has no available versions"
              + (loaded.reason().isEmpty() ? "" : " (" + loaded.reason() + ")"));
    }
    if (version.isEmpty()) {
      return loaded.versions().lastEntry().getValue();
    }
    long number;
    try {
      number = Long.parseLong(version);
    } catch (NumberFormatException e) {
      throw InferenceError.invalidArgument(
          "failed to parse model version '"
              + version
              + "' of model '"
              + name
              + "': versions are positive integers");
    }
    ServingVersion serving = loaded.versions().get(number);
    if (serving == null) {
      throw InferenceError.notFound(
          "Request for unknown model: '"
              + name
              + "' version "
              + version
              + " is not found; loaded versions are "
              + loaded.versions().keySet());
    }
    return serving;
  }

  /** Loaded version numbers of a model, lowest first; empty when unknown or unloaded. */
  List<Long> loadedVersions(String name) {
    Loaded loaded = models.get(name);
    return loaded == null ? List.of() : new ArrayList<>(loaded.versions().keySet());
  }

  /** Every model of the repository, one entry per loaded version or one UNAVAILABLE entry. */
  List<RepositoryIndexResponse.ModelIndex> index(boolean readyOnly) {
    List<RepositoryIndexResponse.ModelIndex> entries = new ArrayList<>();
    for (String name : repository.modelNames()) {
      Loaded loaded = models.get(name);
      if (loaded != null && !loaded.versions().isEmpty()) {
        for (long version : loaded.versions().keySet()) {
          entries.add(entry(name, Long.toString(version), "READY", ""));
        }
      } else if (!readyOnly) {
        entries.add(
            entry(name, "", "UNAVAILABLE", loaded == null ? "not loaded" : loaded.reason()));
      }
    }
    return entries;
  }

  /** Statistics of one version, every version of one model, or every model when name is empty. */
  List<ModelStatistics> statistics(String name, String version) {
    List<ModelStatistics> out = new ArrayList<>();
    if (!name.isEmpty()) {
      if (!version.isEmpty()) {
        out.add(resolve(name, version).statistics().toProto());
        return out;
      }
      resolve(name, "");
    }
    new TreeMap<>(models)
        .forEach(
            (model, loaded) -> {
              if (name.isEmpty() || name.equals(model)) {
                loaded.versions().values().forEach(v -> out.add(v.statistics().toProto()));
              }
            });
    return out;
  }

  @Override
  public synchronized void close() {
    models.values().forEach(loaded -> loaded.versions().values().forEach(ServingVersion::close));
    models.clear();
  }

  private static RepositoryIndexResponse.ModelIndex entry(
      String name, String version, String state, String reason) {
    return RepositoryIndexResponse.ModelIndex.newBuilder()
        .setName(name)
        .setVersion(version)
        .setState(state)
        .setReason(reason)
        .build();
  }
}
