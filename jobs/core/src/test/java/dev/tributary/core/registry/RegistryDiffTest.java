package dev.tributary.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.registry.RegistryChange.Kind;
import dev.tributary.core.testing.SmallDefinitions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plans against a registry, one kind of change each: what the plan says, whether it breaks, and
 * which line it blames. The definitions are a small repository written here so each test edits one
 * line of it.
 */
class RegistryDiffTest {
  @TempDir Path folder;

  private Registry applied;

  @BeforeEach
  void applyTheBase() throws IOException {
    SmallDefinitions.write(folder);
    applied = Registry.empty().applying(Registry.of(load()), 1, 1_000L);
  }

  @Test
  void theSameDefinitionsChangeNothing() {
    Registry again = Registry.of(load());
    assertEquals(List.of(), RegistryDiff.between(applied, again));
    assertEquals(applied, applied.applying(again, 2, 2_000L));
  }

  @Test
  void theRegistryDoesNotDependOnWhereTheDefinitionsAreLoadedFrom() {
    Path relative = Path.of("").toAbsolutePath().relativize(folder);
    assertEquals(
        Registry.of(load()), Registry.of(FeatureRepository.load(relative)), "relative path");
  }

  @Test
  void aFirstPlanAddsEverything() {
    List<RegistryChange> changes = RegistryDiff.between(Registry.empty(), Registry.of(load()));
    RegistryChange view = only(changes, "view", Kind.ADDED, "view airport_delays@");
    assertTrue(view.effects().get(0).startsWith("creates Iceberg table features.airport_delays__"));
    assertTrue(view.effects().get(1).startsWith("writes Redis sections airport_delays__"));
    only(changes, "topic", Kind.ADDED, "topic flights");
    only(changes, "model", Kind.ADDED, "model delay");
    assertFalse(RegistryDiff.breaks(changes));
  }

  @Test
  void aChangedWindowOfAModelInputIsANewVersionBesideTheOldAndBreaksTheModel() throws IOException {
    edit("views.yaml", "input: delay, window: 1h}", "input: delay, window: 2h}");
    Registry proposed = Registry.of(load());
    List<RegistryChange> changes = RegistryDiff.between(applied, proposed);

    String oldVersion = applied.liveViews().get(0).version();
    String newVersion = proposed.views().get(0).version();
    RegistryChange view = only(changes, "view", Kind.CHANGED, "view airport_delays: version");
    assertTrue(view.what().contains(oldVersion + " -> " + newVersion + " (~mean_delay_1h)"));
    assertFalse(view.breaking());
    assertTrue(
        view.effects().get(0).contains("beside features.airport_delays__" + oldVersion),
        view.effects().toString());
    RegistryChange breaking =
        only(changes, "view", Kind.CHANGED, "feature airport_delays.mean_delay_1h that model");
    assertTrue(breaking.breaking());
    assertTrue(breaking.what().endsWith("window_ms=3600000 -> 7200000"), breaking.what());
    assertTrue(breaking.at().startsWith(lineOf("views.yaml", "window: 2h") + ":"), breaking.at());

    Registry after = applied.applying(proposed, 2, 2_000L);
    assertEquals(
        List.of("airport_delays@" + oldVersion, "airport_delays@" + newVersion),
        after.liveViews().stream().map(RegisteredView::reference).toList(),
        "both versions are live until the old is retired");
    Registry retired = after.retiring("airport_delays@" + oldVersion, 3_000L);
    assertEquals(1, retired.liveViews().size());
    assertEquals(
        RegisteredView.RETIRED, retired.view("airport_delays@" + oldVersion).get().status());
    assertEquals(3, retired.features("airport_delays", oldVersion).size());
  }

  @Test
  void aChangedFeatureNoModelReadsBreaksNothing() throws IOException {
    edit(
        "views.yaml",
        "{name: flights_1h, aggregation: count, window: 1h}",
        "{name: flights_1h, aggregation: count, window: 3h}");
    List<RegistryChange> changes = RegistryDiff.between(applied, Registry.of(load()));
    only(changes, "view", Kind.CHANGED, "view airport_delays: version");
    assertFalse(RegistryDiff.breaks(changes), changes.toString());
  }

  @Test
  void aFeatureTheModelReadsRemovedBreaksAtTheView() throws IOException {
    edit(
        "views.yaml",
        "      - {name: late_share_1h, aggregation: avg, input: delay > 15, window: 1h}\n",
        "");
    edit("models.yaml", "      - airport_delays.late_share_1h\n", "");
    List<RegistryChange> changes = RegistryDiff.between(applied, Registry.of(load()));
    RegistryChange breaking =
        only(changes, "view", Kind.CHANGED, "feature airport_delays.late_share_1h that model");
    assertTrue(breaking.breaking());
    assertTrue(breaking.what().endsWith("is removed"));
    assertTrue(
        breaking.at().startsWith(lineOf("views.yaml", "- name: airport_delays") + ":"),
        breaking.at());
    only(changes, "model", Kind.CHANGED, "inputs of model delay: -airport_delays.late_share_1h");
  }

  @Test
  void aKeyTypeChangeBreaksAtTheEntity() throws IOException {
    edit("entities.yaml", "airport: string", "airport: long");
    edit("views.yaml", "airport: origin", "airport: distance");
    List<RegistryChange> changes = RegistryDiff.between(applied, Registry.of(load()));
    RegistryChange breaking = only(changes, "entity", Kind.CHANGED, "keys of entity airport");
    assertTrue(breaking.breaking());
    assertTrue(breaking.what().endsWith("+airport:long -airport:string"), breaking.what());
    assertTrue(
        breaking.at().startsWith(lineOf("entities.yaml", "- name: airport") + ":"), breaking.at());
  }

  @Test
  void aSourceColumnGoneBreaksAtTheSource() throws IOException {
    edit("sources.yaml", "      distance: long\n", "");
    List<RegistryChange> changes = RegistryDiff.between(applied, Registry.of(load()));
    RegistryChange breaking =
        only(changes, "source", Kind.CHANGED, "column distance of source flights is gone");
    assertTrue(breaking.breaking());
    assertTrue(
        breaking.at().startsWith(lineOf("sources.yaml", "- name: flights") + ":"), breaking.at());
    // the schema is in every view's version: the view changes too, and the model's inputs with it
    only(changes, "view", Kind.CHANGED, "view airport_delays: version");
  }

  @Test
  void aRemovedViewStopsBeingWrittenAndBreaksItsModel() throws IOException {
    Files.delete(folder.resolve("models.yaml"));
    Files.delete(folder.resolve("views.yaml"));
    Registry proposed = Registry.of(load());
    List<RegistryChange> changes = RegistryDiff.between(applied, proposed);
    RegistryChange removed = only(changes, "view", Kind.REMOVED, "view airport_delays@");
    assertTrue(removed.effects().get(0).startsWith("stops writing features.airport_delays__"));
    assertTrue(RegistryDiff.breaks(changes));
    only(changes, "topic", Kind.REMOVED, "topic flights");
    Registry after = applied.applying(proposed, 2, 2_000L);
    assertEquals(List.of(), after.liveViews());
    assertEquals(RegisteredView.REMOVED, after.views().get(0).status());
    assertEquals(2_000L, after.views().get(0).retiredAt());
  }

  @Test
  void aNewTopicIsCreatedAndTheOldOneLeft() throws IOException {
    edit("sources.yaml", "topic: flights", "topic: flights_v2");
    List<RegistryChange> changes = RegistryDiff.between(applied, Registry.of(load()));
    RegistryChange source = only(changes, "source", Kind.CHANGED, "source flights: topic changed");
    assertEquals(
        List.of("materialize job reads topic flights_v2 instead of flights: restart it"),
        source.effects());
    only(changes, "topic", Kind.ADDED, "topic flights_v2");
    only(changes, "topic", Kind.REMOVED, "topic flights");
    assertFalse(RegistryDiff.breaks(changes));
  }

  private FeatureRepository load() {
    return FeatureRepository.load(folder);
  }

  private void edit(String file, String from, String to) throws IOException {
    Path path = folder.resolve(file);
    String text = Files.readString(path);
    assertTrue(text.contains(from), from + " not in " + file);
    Files.writeString(path, text.replace(from, to));
  }

  /** {@code file:line} of the first line holding {@code text}, as the registry records it. */
  private String lineOf(String file, String text) throws IOException {
    List<String> lines = Files.readAllLines(folder.resolve(file));
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return file + ":" + (i + 1);
      }
    }
    throw new AssertionError(text + " not in " + file);
  }

  private static RegistryChange only(
      List<RegistryChange> changes, String subject, Kind kind, String whatStart) {
    List<RegistryChange> matching =
        changes.stream()
            .filter(c -> c.subject().equals(subject) && c.kind() == kind)
            .filter(c -> c.what().startsWith(whatStart))
            .toList();
    assertEquals(1, matching.size(), whatStart + " in " + changes);
    return matching.get(0);
  }
}
