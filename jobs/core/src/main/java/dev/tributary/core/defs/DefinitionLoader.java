package dev.tributary.core.defs;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Loads every {@code .yaml}/{@code .yml} file under a folder into a validated {@link
 * FeatureRepository}.
 *
 * <p>A file is a mapping of sections ({@code entities}, {@code sources}, {@code feature_views},
 * {@code models}, {@code scoring}), each a list of definitions; definitions may be spread over
 * files freely. Sections are read in dependency order across all files, so a view may live in a
 * file that sorts before its source's. Every problem is collected, each with file, line and column,
 * and the load fails with all of them at once.
 */
final class DefinitionLoader {
  /** Section name, what one item is called, and its reader: in the order references require. */
  private static final Map<String, BiConsumer<YamlMapping, DefinitionContext>> SECTIONS =
      new LinkedHashMap<>();

  private static final Map<String, String> ITEM_NAMES =
      Map.of(
          "entities",
          "entity",
          "sources",
          "source",
          "feature_views",
          "feature view",
          "models",
          "model",
          "scoring",
          "scoring deployment");

  static {
    SECTIONS.put("entities", EntityReader::read);
    SECTIONS.put("sources", SourceReader::read);
    SECTIONS.put("feature_views", ViewReader::read);
    SECTIONS.put("models", ModelReader::read);
    SECTIONS.put("scoring", ScoringReader::read);
  }

  private final Path root;
  private final Map<Path, String> textsOrNull;
  private final Problems problems = new Problems();

  DefinitionLoader(Path root) {
    this(root, null);
  }

  /**
   * @param textsOrNull the files' texts by path under {@code root}, read instead of the folder (a
   *     registry's stored definitions); null to read the folder
   */
  DefinitionLoader(Path root, Map<Path, String> textsOrNull) {
    this.root = root;
    this.textsOrNull = textsOrNull;
  }

  FeatureRepository load() {
    Map<String, List<YamlMapping>> items = new LinkedHashMap<>();
    SECTIONS.keySet().forEach(section -> items.put(section, new ArrayList<>()));
    for (Path file : files()) {
      for (Node document : parse(file)) {
        YamlMapping sections = YamlMapping.of(file, document, "a definition file", problems);
        if (sections == null) {
          continue;
        }
        for (String section : SECTIONS.keySet()) {
          items.get(section).addAll(sections.mappings(section, ITEM_NAMES.get(section)));
        }
        sections.rejectUnknownKeys();
      }
    }
    DefinitionContext context = new DefinitionContext(root, problems);
    SECTIONS.forEach(
        (section, reader) -> items.get(section).forEach(item -> reader.accept(item, context)));
    problems.throwIfAny();
    return new FeatureRepository(
        root,
        new ArrayList<>(context.entities.values()),
        new ArrayList<>(context.sources.values()),
        new ArrayList<>(context.views.values()),
        new ArrayList<>(context.models.values()),
        context.scorings);
  }

  private List<Path> files() {
    if (textsOrNull != null) {
      return textsOrNull.keySet().stream().sorted().toList();
    }
    if (!Files.isDirectory(root)) {
      problems.add(
          SourceLocation.of(root),
          "not a folder of feature definitions: pass the folder that holds the"
              + " .yaml files, e.g. feature-defs");
      problems.throwIfAny();
    }
    try (Stream<Path> walk = Files.walk(root)) {
      List<Path> files =
          walk.filter(Files::isRegularFile)
              .filter(
                  p ->
                      p.getFileName().toString().endsWith(".yaml")
                          || p.getFileName().toString().endsWith(".yml"))
              .sorted()
              .toList();
      if (files.isEmpty()) {
        problems.add(SourceLocation.of(root), "no .yaml or .yml files here: nothing is defined");
        problems.throwIfAny();
      }
      return files;
    } catch (IOException unreadable) {
      problems.add(SourceLocation.of(root), "cannot list the folder: " + unreadable.getMessage());
      problems.throwIfAny();
      return List.of();
    }
  }

  private List<Node> parse(Path file) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(true); // reported by YamlMapping with both lines instead
    List<Node> documents = new ArrayList<>();
    try (Reader reader =
        textsOrNull == null
            ? Files.newBufferedReader(file, StandardCharsets.UTF_8)
            : new java.io.StringReader(textsOrNull.get(file))) {
      for (Node document : new Yaml(options).composeAll(reader)) {
        if (document != null) {
          documents.add(document);
        }
      }
    } catch (MarkedYAMLException malformed) {
      problems.add(SourceLocation.of(file, malformed), "not valid YAML: " + malformed.getProblem());
    } catch (IOException | RuntimeException unreadable) {
      problems.add(SourceLocation.of(file), "cannot read the file: " + unreadable.getMessage());
    }
    return documents;
  }
}
