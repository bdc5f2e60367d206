package dev.tributary.flink.registry;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.defs.InvalidDefinitionsException;
import dev.tributary.core.defs.Source;
import dev.tributary.core.registry.DefinitionFile;
import dev.tributary.core.registry.RegisteredView;
import dev.tributary.core.registry.Registry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The view versions the jobs write: the definitions' own, without those retired, plus every earlier
 * version the registry keeps live, so a changed view is materialized beside its previous version
 * (both history tables, both Redis key spaces) until that one is retired.
 *
 * <p>An earlier version is rebuilt from the definition files of the apply that registered it, and
 * reads the source as the definitions define it now: one Kafka reader per source, whatever the
 * number of versions. A source whose schema or event time changed since cannot feed the earlier
 * version; that is an error that says to retire it.
 */
public final class LiveVersions {
  private LiveVersions() {}

  /** The definitions with the registry's live earlier versions; as they are before any apply. */
  public static FeatureRepository of(FeatureRepository definitions, RegistryStore store) {
    Registry registry = store.read();
    if (registry.views().isEmpty()) {
      return definitions;
    }
    List<FeatureView> views = new ArrayList<>();
    for (FeatureView view : definitions.views()) {
      Optional<RegisteredView> registered = registry.view(view.name() + "@" + view.version());
      if (registered.isEmpty() || registered.get().live()) {
        views.add(view);
      }
    }
    for (RegisteredView live : registry.liveViews()) {
      boolean defined =
          definitions.views().stream()
              .anyMatch(v -> (v.name() + "@" + v.version()).equals(live.reference()));
      if (!defined) {
        views.add(rebuild(live, definitions, store));
      }
    }
    return new FeatureRepository(
        definitions.root(),
        definitions.entities(),
        definitions.sources(),
        views,
        definitions.models(),
        definitions.scorings());
  }

  private static FeatureView rebuild(
      RegisteredView live, FeatureRepository definitions, RegistryStore store) {
    Map<String, String> texts = new TreeMap<>();
    for (DefinitionFile file : store.definitionFiles(live.appliedIn())) {
      texts.put(file.path(), file.text());
    }
    FeatureView old;
    try {
      old =
          FeatureRepository.load(definitions.root(), texts)
              .view(live.view())
              .filter(v -> v.version().equals(live.version()))
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "apply "
                              + live.appliedIn()
                              + "'s definitions do not define "
                              + live.reference()
                              + ": retire it with tributary retire "
                              + live.reference()));
    } catch (InvalidDefinitionsException invalid) {
      throw new IllegalStateException(
          "cannot rebuild "
              + live.reference()
              + " from apply "
              + live.appliedIn()
              + "'s definitions ("
              + invalid.problems().get(0)
              + "): retire it with tributary retire "
              + live.reference(),
          invalid);
    }
    Source source =
        definitions
            .source(old.source().name())
            .filter(now -> sameEvents(now, old.source()))
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        live.reference()
                            + " reads source "
                            + old.source().name()
                            + " as it was at apply "
                            + live.appliedIn()
                            + ", and the source has changed or gone since: retire it with"
                            + " tributary retire "
                            + live.reference()));
    return new FeatureView(
        old.name(),
        old.description(),
        old.entity(),
        source,
        old.keys(),
        old.filterOrNull(),
        old.ttl(),
        old.online(),
        old.offline(),
        old.features(),
        old.version(),
        old.at());
  }

  /** Whether two definitions of a source give the same events: schema and event time. */
  private static boolean sameEvents(Source a, Source b) {
    return a.schema().equals(b.schema())
        && a.eventTime().canonical().equals(b.eventTime().canonical())
        && a.topic().equals(b.topic());
  }
}
