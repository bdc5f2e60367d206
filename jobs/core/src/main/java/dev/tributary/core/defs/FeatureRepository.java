package dev.tributary.core.defs;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** A validated set of definitions: everything in it type-checks and every reference resolves. */
public record FeatureRepository(
    Path root,
    List<Entity> entities,
    List<Source> sources,
    List<FeatureView> views,
    List<Model> models,
    List<Scoring> scorings) {

  public FeatureRepository {
    entities = List.copyOf(entities);
    sources = List.copyOf(sources);
    views = List.copyOf(views);
    models = List.copyOf(models);
    scorings = List.copyOf(scorings);
  }

  /** Loads and validates every {@code .yaml}/{@code .yml} file under {@code root}. */
  public static FeatureRepository load(Path root) {
    return new DefinitionLoader(root).load();
  }

  /**
   * Loads and validates definitions given as texts by path relative to {@code root}, as a registry
   * stored them: relative file and repository paths resolve against {@code root} as when they were
   * applied.
   */
  public static FeatureRepository load(Path root, java.util.Map<String, String> texts) {
    java.util.Map<Path, String> byPath = new java.util.TreeMap<>();
    texts.forEach((path, text) -> byPath.put(root.resolve(path), text));
    return new DefinitionLoader(root, byPath).load();
  }

  public Optional<FeatureView> view(String name) {
    return views.stream().filter(v -> v.name().equals(name)).findFirst();
  }

  public Optional<Source> source(String name) {
    return sources.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  public Optional<Model> model(String name) {
    return models.stream().filter(m -> m.name().equals(name)).findFirst();
  }
}
