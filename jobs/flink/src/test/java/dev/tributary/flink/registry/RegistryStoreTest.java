package dev.tributary.flink.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.registry.RegisteredView;
import dev.tributary.core.registry.Registry;
import dev.tributary.core.registry.RegistryApply;
import dev.tributary.core.testing.SmallDefinitions;
import dev.tributary.embedded.junit.IcebergCatalogExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The registry's round trip through Iceberg: what apply writes, read back; no-op applies. */
class RegistryStoreTest {
  @RegisterExtension final IcebergCatalogExtension iceberg = new IcebergCatalogExtension();
  @TempDir Path folder;

  @Test
  void whatIsAppliedIsReadBackAndTheSameDefinitionsTwiceWriteNothing() throws Exception {
    SmallDefinitions.write(folder);
    FeatureRepository definitions = FeatureRepository.load(folder);
    RegistryStore store = new RegistryStore(iceberg.catalog());

    RegistryApply first =
        store.apply(definitions, "ana", Instant.parse("2026-12-06T08:00:00Z")).get();
    assertEquals(1, first.applyId());
    assertEquals("ana", first.appliedBy());
    assertTrue(first.changes().contains("+ entity airport"), first.changes().toString());
    Registry read = new RegistryStore(iceberg.catalog()).read();
    assertEquals(
        Registry.empty().applying(Registry.of(definitions), 1, first.appliedAt().toEpochMilli()),
        read);
    assertEquals(List.of(first), store.applies());
    assertEquals(
        Files.readString(folder.resolve("views.yaml")),
        store.definitionFiles(1).stream()
            .filter(f -> f.path().equals("views.yaml"))
            .findFirst()
            .orElseThrow()
            .text());

    Map<String, Long> before = snapshots(iceberg.catalog());
    assertEquals(8, before.size(), before.toString());
    assertTrue(store.apply(definitions, "bo", Instant.parse("2026-12-06T09:00:00Z")).isEmpty());
    assertEquals(before, snapshots(iceberg.catalog()), "no table has a new snapshot");
  }

  @Test
  void aChangedViewKeepsItsOldVersionLiveUntilRetired() throws Exception {
    SmallDefinitions.write(folder);
    RegistryStore store = new RegistryStore(iceberg.catalog());
    store.apply(FeatureRepository.load(folder), "ana", Instant.ofEpochMilli(1_000));
    String oldVersion = store.read().liveViews().get(0).version();
    Files.writeString(
        folder.resolve("views.yaml"),
        Files.readString(folder.resolve("views.yaml")).replace("window: 1h}", "window: 2h}"));
    Map<String, Long> before = snapshots(iceberg.catalog());

    RegistryApply second =
        store.apply(FeatureRepository.load(folder), "bo", Instant.ofEpochMilli(2_000)).get();

    Map<String, Long> after = snapshots(iceberg.catalog());
    for (String unchanged : List.of("entities", "sources", "scorings")) {
      assertEquals(before.get(unchanged), after.get(unchanged), unchanged);
    }
    for (String changed :
        List.of("view_versions", "features", "models", "applies", "definition_files")) {
      assertTrue(!before.get(changed).equals(after.get(changed)), changed);
      if (!changed.equals("applies")) {
        assertTrue(second.snapshots().contains("registry." + changed + "=" + after.get(changed)));
      }
    }
    assertEquals(2, store.read().liveViews().size());
    assertTrue(
        store.read().models().get(0).viewVersions().get(0).startsWith("airport_delays@"),
        "the model reads the new version once applied");

    RegistryApply retire =
        store.retire("airport_delays@" + oldVersion, "cy", Instant.ofEpochMilli(3_000));
    assertEquals(3, retire.applyId());
    RegisteredView retired = store.read().view("airport_delays@" + oldVersion).orElseThrow();
    assertEquals(RegisteredView.RETIRED, retired.status());
    assertEquals(3_000, retired.retiredAt());
    IllegalArgumentException twice =
        assertThrows(
            IllegalArgumentException.class,
            () -> store.retire("airport_delays@" + oldVersion, "cy", Instant.ofEpochMilli(4_000)));
    assertTrue(twice.getMessage().contains("already retired"), twice.getMessage());
  }

  /** Current snapshot id per table of namespace {@code registry}. */
  static Map<String, Long> snapshots(Catalog catalog) {
    Map<String, Long> snapshots = new TreeMap<>();
    for (TableIdentifier id : catalog.listTables(Namespace.of("registry"))) {
      Table table = catalog.loadTable(id);
      snapshots.put(
          id.name(), table.currentSnapshot() == null ? -1 : table.currentSnapshot().snapshotId());
    }
    return snapshots;
  }
}
