package dev.tributary.core.registry;

import dev.tributary.core.registry.RegistryChange.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What applying definitions would change: {@code tributary plan} against the registry.
 *
 * <p>A changed view gets a new version beside the old one (both history tables, both Redis sections
 * per entity) until the old is retired, so a change by itself breaks nothing that runs. What breaks
 * is what a deployed reader depends on: an entity's key columns (every table and key of its views),
 * a source column that is gone or changed type (the jobs parsing it), and a feature a registered
 * model reads that is removed or computes something else (the model was trained on the old values).
 * Each breaking change names the definition that causes it.
 */
public final class RegistryDiff {
  private final Registry registered;
  private final Registry proposed;
  private final List<RegistryChange> changes = new ArrayList<>();

  private RegistryDiff(Registry registered, Registry proposed) {
    this.registered = registered;
    this.proposed = proposed;
  }

  /** The changes from {@code registered} to {@code proposed} ({@link Registry#of} definitions). */
  public static List<RegistryChange> between(Registry registered, Registry proposed) {
    RegistryDiff diff = new RegistryDiff(registered, proposed);
    diff.entities();
    diff.sources();
    diff.views();
    diff.models();
    diff.scorings();
    diff.topics();
    return List.copyOf(diff.changes);
  }

  /** Whether any change breaks what is deployed. */
  public static boolean breaks(List<RegistryChange> changes) {
    return changes.stream().anyMatch(RegistryChange::breaking);
  }

  private void entities() {
    Map<String, RegisteredEntity> before = byName(registered.entities(), RegisteredEntity::name);
    Map<String, RegisteredEntity> after = byName(proposed.entities(), RegisteredEntity::name);
    after.values().stream()
        .filter(e -> !before.containsKey(e.name()))
        .forEach(e -> add("entity", Kind.ADDED, "entity " + e.name(), List.of(), false, e.at()));
    before.values().stream()
        .filter(e -> !after.containsKey(e.name()))
        .forEach(e -> add("entity", Kind.REMOVED, "entity " + e.name(), List.of(), false, e.at()));
    for (RegisteredEntity now : after.values()) {
      RegisteredEntity then = before.get(now.name());
      if (then != null && !then.keys().equals(now.keys())) {
        add(
            "entity",
            Kind.CHANGED,
            "keys of entity " + now.name() + " change: " + columnChanges(then.keys(), now.keys()),
            List.of(
                "every history table and Redis key of its views gets a new key: readers of the"
                    + " old keys (models, queries) break"),
            true,
            now.at());
      } else if (then != null && !then.equals(now)) {
        add("entity", Kind.CHANGED, "entity " + now.name() + " moved", List.of(), false, now.at());
      }
    }
  }

  private void sources() {
    Map<String, RegisteredSource> before = byName(registered.sources(), RegisteredSource::name);
    Map<String, RegisteredSource> after = byName(proposed.sources(), RegisteredSource::name);
    after.values().stream()
        .filter(s -> !before.containsKey(s.name()))
        .forEach(s -> add("source", Kind.ADDED, "source " + s.name(), List.of(), false, s.at()));
    before.values().stream()
        .filter(s -> !after.containsKey(s.name()))
        .forEach(s -> add("source", Kind.REMOVED, "source " + s.name(), List.of(), false, s.at()));
    for (RegisteredSource now : after.values()) {
      RegisteredSource then = before.get(now.name());
      if (then == null || then.equals(now)) {
        continue;
      }
      Map<String, String> oldColumns = columns(then.schema());
      Map<String, String> newColumns = columns(now.schema());
      boolean lost = false;
      for (Map.Entry<String, String> column : oldColumns.entrySet()) {
        String type = newColumns.get(column.getKey());
        if (!column.getValue().equals(type)) {
          lost = true;
          add(
              "source",
              Kind.CHANGED,
              "column "
                  + column.getKey()
                  + " of source "
                  + now.name()
                  + (type == null
                      ? " is gone"
                      : " changes type: " + column.getValue() + " -> " + type),
              List.of(
                  "records written with the old schema no longer parse: they go to the dead"
                      + " letters"),
              true,
              now.at());
        }
      }
      if (!lost) {
        List<String> effects = new ArrayList<>();
        if (!then.topic().equals(now.topic())) {
          effects.add(
              "materialize job reads topic "
                  + now.topic()
                  + " instead of "
                  + then.topic()
                  + ": restart it");
        }
        add(
            "source",
            Kind.CHANGED,
            "source " + now.name() + ": " + fieldsChanged(then, now),
            effects,
            false,
            now.at());
      }
    }
  }

  private void views() {
    Map<String, RegisteredView> before = new LinkedHashMap<>();
    registered.liveViews().forEach(v -> before.put(v.view(), v)); // newest registration wins
    Map<String, RegisteredView> after = byName(proposed.views(), RegisteredView::view);
    for (RegisteredView now : after.values()) {
      RegisteredView then = before.get(now.view());
      if (then == null) {
        add("view", Kind.ADDED, "view " + now.reference(), created(now, null), false, now.at());
      } else if (!then.version().equals(now.version())) {
        changedVersion(then, now);
      } else if (then.online() != now.online() || then.offline() != now.offline()) {
        add(
            "view",
            Kind.CHANGED,
            "view " + now.reference() + ": online " + now.online() + ", offline " + now.offline(),
            List.of("materialize job: restart from a savepoint to start or stop those writes"),
            false,
            now.at());
      }
    }
    for (RegisteredView then : before.values()) {
      if (!after.containsKey(then.view())) {
        add(
            "view",
            Kind.REMOVED,
            "view " + then.reference(),
            List.of(
                "stops writing features." + then.versionedName() + " (its history is kept)",
                "Redis sections of "
                    + then.versionedName()
                    + " expire by their TTL (or go with tributary retire --purge)",
                "materialize job: restart from a savepoint without it"),
            false,
            then.at());
        for (RegisteredModel model : registered.models()) {
          model.inputs().stream()
              .filter(input -> input.startsWith(then.view() + "."))
              .forEach(
                  input ->
                      add(
                          "view",
                          Kind.REMOVED,
                          "feature " + input + " that model " + model.name() + " reads is removed",
                          List.of("score job: model " + model.name() + " loses an input"),
                          true,
                          then.at()));
        }
      }
    }
  }

  private void changedVersion(RegisteredView then, RegisteredView now) {
    Map<String, RegisteredFeature> oldFeatures =
        byName(registered.features(then.view(), then.version()), RegisteredFeature::feature);
    Map<String, RegisteredFeature> newFeatures =
        byName(proposed.features(now.view(), now.version()), RegisteredFeature::feature);
    boolean sharedChanged = !shared(then.canonicalText()).equals(shared(now.canonicalText()));
    List<String> details = new ArrayList<>();
    if (sharedChanged) {
      details.add("keys, filter, TTL or source changed: every feature");
    }
    newFeatures.keySet().stream()
        .filter(f -> !oldFeatures.containsKey(f))
        .forEach(f -> details.add("+" + f));
    oldFeatures.keySet().stream()
        .filter(f -> !newFeatures.containsKey(f))
        .forEach(f -> details.add("-" + f));
    newFeatures.values().stream()
        .filter(f -> oldFeatures.containsKey(f.feature()))
        .filter(f -> !oldFeatures.get(f.feature()).definition().equals(f.definition()))
        .forEach(f -> details.add("~" + f.feature()));
    add(
        "view",
        Kind.CHANGED,
        "view "
            + now.view()
            + ": version "
            + then.version()
            + " -> "
            + now.version()
            + " ("
            + String.join(", ", details)
            + ")",
        created(now, then),
        false,
        now.at());
    for (RegisteredModel model : registered.models()) {
      for (String input : model.inputs()) {
        if (!input.startsWith(now.view() + ".")) {
          continue;
        }
        String name = input.substring(now.view().length() + 1);
        RegisteredFeature old = oldFeatures.get(name);
        RegisteredFeature changed = newFeatures.get(name);
        if (changed == null) {
          add(
              "view",
              Kind.CHANGED,
              "feature " + input + " that model " + model.name() + " reads is removed",
              List.of(
                  "model "
                      + model.name()
                      + " keeps reading "
                      + then.reference()
                      + " until it is"
                      + " retrained without it"),
              true,
              now.at());
        } else if (sharedChanged || old == null || !old.definition().equals(changed.definition())) {
          add(
              "view",
              Kind.CHANGED,
              "feature "
                  + input
                  + " that model "
                  + model.name()
                  + " reads changes"
                  + (old == null || sharedChanged
                      ? ""
                      : ": " + wordChanges(old.definition(), changed.definition())),
              List.of(
                  "model "
                      + model.name()
                      + " keeps reading "
                      + then.reference()
                      + " until it is retrained on "
                      + now.reference()),
              true,
              changed.at());
        }
      }
    }
  }

  /** What a new view version creates, beside {@code oldOrNull}'s when the view had one. */
  private static List<String> created(RegisteredView view, RegisteredView oldOrNull) {
    String beside = oldOrNull == null ? "" : " beside " + oldOrNull.versionedName();
    List<String> effects = new ArrayList<>();
    if (view.offline()) {
      effects.add(
          "creates Iceberg table features."
              + view.versionedName()
              + beside.replace(" beside ", " beside features.")
              + "; fill its past with tributary backfill");
    }
    if (view.online()) {
      effects.add(
          "writes Redis sections "
              + view.versionedName()
              + " into its entities' keys {<entity key>}"
              + (oldOrNull == null ? "" : " beside " + oldOrNull.versionedName() + "'s"));
    }
    effects.add(
        "materialize job: restart from a savepoint"
            + (oldOrNull == null
                ? " to write it"
                : "; it writes both versions until tributary retire " + oldOrNull.reference()));
    return effects;
  }

  private void models() {
    Map<String, RegisteredModel> before = byName(registered.models(), RegisteredModel::name);
    Map<String, RegisteredModel> after = byName(proposed.models(), RegisteredModel::name);
    for (RegisteredModel now : after.values()) {
      RegisteredModel then = before.get(now.name());
      if (then == null) {
        add(
            "model",
            Kind.ADDED,
            "model " + now.name() + " reading " + String.join(", ", now.viewVersions()),
            List.of("train it: tributary models train"),
            false,
            now.at());
      } else if (!then.inputs().equals(now.inputs())) {
        add(
            "model",
            Kind.CHANGED,
            "inputs of model " + now.name() + ": " + listChanges(then.inputs(), now.inputs()),
            List.of(
                "retrain it (tributary models train); score job: restart once new versions are"
                    + " published"),
            false,
            now.at());
      } else if (!then.equals(now)) {
        add(
            "model",
            Kind.CHANGED,
            "model " + now.name() + ": " + fieldsChanged(then, now),
            List.of(),
            false,
            now.at());
      }
    }
    before.values().stream()
        .filter(m -> !after.containsKey(m.name()))
        .forEach(
            m ->
                add(
                    "model",
                    Kind.REMOVED,
                    "model " + m.name(),
                    List.of("score jobs of its scorings stop"),
                    false,
                    m.at()));
  }

  private void scorings() {
    Map<String, RegisteredScoring> before = byName(registered.scorings(), RegisteredScoring::name);
    Map<String, RegisteredScoring> after = byName(proposed.scorings(), RegisteredScoring::name);
    for (RegisteredScoring now : after.values()) {
      RegisteredScoring then = before.get(now.name());
      if (then == null) {
        add(
            "scoring",
            Kind.ADDED,
            "scoring " + now.name() + " of model " + now.model(),
            List.of("start it: tributary score"),
            false,
            now.at());
      } else if (!then.equals(now)) {
        add(
            "scoring",
            Kind.CHANGED,
            "scoring " + now.name() + ": " + fieldsChanged(then, now),
            then.trafficSplit().equals(now.trafficSplit())
                ? List.of("score job: restart from a savepoint")
                : List.of(
                    "a running score job keeps its split until tributary split set "
                        + now.name()
                        + " "
                        + now.trafficSplit().replace(',', ' ')),
            false,
            now.at());
      }
    }
    before.values().stream()
        .filter(s -> !after.containsKey(s.name()))
        .forEach(
            s ->
                add(
                    "scoring",
                    Kind.REMOVED,
                    "scoring " + s.name(),
                    List.of("stop its score job: tributary jobs cancel"),
                    false,
                    s.at()));
  }

  private void topics() {
    TreeSet<String> before = topics(registered);
    TreeSet<String> after = topics(proposed);
    after.stream()
        .filter(t -> !before.contains(t))
        .forEach(
            t ->
                add(
                    "topic",
                    Kind.ADDED,
                    "topic " + t,
                    List.of("the jobs create it on start if the broker allows"),
                    false,
                    ""));
    before.stream()
        .filter(t -> !after.contains(t))
        .forEach(
            t ->
                add(
                    "topic",
                    Kind.REMOVED,
                    "topic " + t,
                    List.of("no longer read; it is not deleted"),
                    false,
                    ""));
  }

  /** The topics a registry's live views and scorings read. */
  private static TreeSet<String> topics(Registry registry) {
    Map<String, String> topicOf =
        registry.sources().stream()
            .collect(Collectors.toMap(RegisteredSource::name, RegisteredSource::topic));
    TreeSet<String> topics = new TreeSet<>();
    registry.liveViews().forEach(v -> topics.add(topicOf.getOrDefault(v.source(), "")));
    registry.scorings().forEach(s -> topics.add(topicOf.getOrDefault(s.requests(), "")));
    topics.remove("");
    return topics;
  }

  private void add(
      String subject, Kind kind, String what, List<String> effects, boolean breaking, String at) {
    changes.add(new RegistryChange(subject, kind, what, effects, breaking, at));
  }

  /** The canonical text without its feature lines: what every feature of a view depends on. */
  private static String shared(String canonicalText) {
    return Arrays.stream(canonicalText.split("\n"))
        .filter(line -> !line.startsWith("feature "))
        .collect(Collectors.joining("\n"));
  }

  private static Map<String, String> columns(String columns) {
    Map<String, String> byName = new LinkedHashMap<>();
    for (String column : columns.split(",")) {
      int colon = column.indexOf(':');
      if (colon > 0) {
        byName.put(column.substring(0, colon), column.substring(colon + 1));
      }
    }
    return byName;
  }

  private static String columnChanges(String before, String after) {
    return listChanges(Arrays.asList(before.split(",")), Arrays.asList(after.split(",")));
  }

  private static String listChanges(List<String> before, List<String> after) {
    List<String> parts = new ArrayList<>();
    after.stream().filter(x -> !before.contains(x)).forEach(x -> parts.add("+" + x));
    before.stream().filter(x -> !after.contains(x)).forEach(x -> parts.add("-" + x));
    return parts.isEmpty() ? "reordered" : String.join(" ", parts);
  }

  /** The words of a canonical feature line that differ: {@code window_ms=3600000 -> 7200000}. */
  private static String wordChanges(String before, String after) {
    List<String> oldWords = Arrays.asList(before.split(" "));
    List<String> newWords = Arrays.asList(after.split(" "));
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < Math.min(oldWords.size(), newWords.size()); i++) {
      if (!oldWords.get(i).equals(newWords.get(i))) {
        String word = newWords.get(i);
        int eq = word.indexOf('=');
        parts.add(
            eq < 0
                ? oldWords.get(i) + " -> " + word
                : oldWords.get(i) + " -> " + word.substring(eq + 1));
      }
    }
    return String.join(", ", parts);
  }

  /** Which record components differ, by name. */
  private static String fieldsChanged(Record then, Record now) {
    List<String> names = new ArrayList<>();
    for (var component : now.getClass().getRecordComponents()) {
      try {
        Object a = component.getAccessor().invoke(then);
        Object b = component.getAccessor().invoke(now);
        if (!Objects.equals(a, b)) {
          names.add(component.getName() + " changed");
        }
      } catch (ReflectiveOperationException impossible) {
        throw new IllegalStateException(impossible);
      }
    }
    return String.join(", ", names);
  }

  private static <T> Map<String, T> byName(List<T> items, Function<T, String> name) {
    Map<String, T> byName = new LinkedHashMap<>();
    items.stream().sorted(Comparator.comparing(name)).forEach(i -> byName.put(name.apply(i), i));
    return byName;
  }
}
