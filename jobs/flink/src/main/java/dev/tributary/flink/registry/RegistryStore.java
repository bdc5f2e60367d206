package dev.tributary.flink.registry;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.registry.DefinitionFile;
import dev.tributary.core.registry.RegisteredEntity;
import dev.tributary.core.registry.RegisteredFeature;
import dev.tributary.core.registry.RegisteredModel;
import dev.tributary.core.registry.RegisteredScoring;
import dev.tributary.core.registry.RegisteredSource;
import dev.tributary.core.registry.RegisteredView;
import dev.tributary.core.registry.Registry;
import dev.tributary.core.registry.RegistryApply;
import dev.tributary.core.registry.RegistryChange;
import dev.tributary.core.registry.RegistryDiff;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.iceberg.catalog.Catalog;

/**
 * The registry in Iceberg, namespace {@code registry}: what {@code tributary apply} registered and
 * {@code tributary retire} retired.
 *
 * <pre>
 *  registry.entities, .sources, .view_versions, .features, .models, .scorings
 *        the registry's state: each rewritten in one snapshot when, and only when, it changes
 *  registry.definition_files   every definition file of each apply (to rebuild old view versions)
 *  registry.applies            one row per apply or retire: who, when, what changed, snapshots
 * </pre>
 *
 * <p>Applying definitions the registry already holds writes nothing: no table gets a snapshot.
 * Iceberg commits one table at a time, so {@code applies} is written last: an apply that failed
 * half way leaves no row there, and the next apply writes what is still missing.
 */
public final class RegistryStore {
  static final RecordTable<RegisteredEntity> ENTITIES =
      new RecordTable<>(RegisteredEntity.class, "entities", "entities as applied");
  static final RecordTable<RegisteredSource> SOURCES =
      new RecordTable<>(RegisteredSource.class, "sources", "sources as applied");
  static final RecordTable<RegisteredView> VIEW_VERSIONS =
      new RecordTable<>(
          RegisteredView.class,
          "view_versions",
          "every view version ever applied, its canonical text and status");
  static final RecordTable<RegisteredFeature> FEATURES =
      new RecordTable<>(RegisteredFeature.class, "features", "the features of every view version");
  static final RecordTable<RegisteredModel> MODELS =
      new RecordTable<>(RegisteredModel.class, "models", "models and the view versions they read");
  static final RecordTable<RegisteredScoring> SCORINGS =
      new RecordTable<>(RegisteredScoring.class, "scorings", "scoring deployments as applied");
  static final RecordTable<DefinitionFile> DEFINITION_FILES =
      new RecordTable<>(DefinitionFile.class, "definition_files", "definition files per apply");
  static final RecordTable<RegistryApply> APPLIES =
      new RecordTable<>(RegistryApply.class, "applies", "who applied what, when");

  private final Catalog catalog;

  public RegistryStore(Catalog catalog) {
    this.catalog = catalog;
  }

  /** The registry as its tables hold it; empty before the first apply. */
  public Registry read() {
    return new Registry(
        ENTITIES.read(catalog),
        SOURCES.read(catalog),
        VIEW_VERSIONS.read(catalog),
        FEATURES.read(catalog),
        MODELS.read(catalog),
        SCORINGS.read(catalog));
  }

  /** Every apply and retire, oldest first. */
  public List<RegistryApply> applies() {
    return APPLIES.read(catalog).stream()
        .sorted(Comparator.comparingLong(RegistryApply::applyId))
        .toList();
  }

  /**
   * Registers {@code definitions}; returns the apply, or empty when the registry already held them
   * (then nothing is written).
   */
  public Optional<RegistryApply> apply(FeatureRepository definitions, String by, Instant now) {
    Registry registered = read();
    Registry proposed = Registry.of(definitions);
    long applyId = nextApplyId();
    Registry next = registered.applying(proposed, applyId, now.toEpochMilli());
    if (next.equals(registered)) {
      return Optional.empty();
    }
    List<String> changes =
        RegistryDiff.between(registered, proposed).stream().map(RegistryChange::line).toList();
    List<String> snapshots = write(next);
    long files =
        DEFINITION_FILES.append(catalog, DefinitionFile.readAll(definitions.root(), applyId));
    snapshots.add(DEFINITION_FILES.qualifiedName() + "=" + files);
    RegistryApply apply =
        new RegistryApply(
            applyId,
            now,
            by,
            definitions.root().toString(),
            changes.isEmpty() ? List.of("definitions moved within their files") : changes,
            snapshots);
    APPLIES.append(catalog, List.of(apply));
    return Optional.of(apply);
  }

  /**
   * Marks {@code view@version} retired: the jobs stop writing it; its history table is kept.
   *
   * @throws IllegalArgumentException when the registry has no such live version
   */
  public RegistryApply retire(String reference, String by, Instant now) {
    Registry registered = read();
    RegisteredView view =
        registered
            .view(reference)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "no view version "
                            + reference
                            + " in the registry; registered: "
                            + registered.views().stream().map(RegisteredView::reference).toList()));
    if (!view.live()) {
      throw new IllegalArgumentException(
          reference + " is already " + view.status() + ": nothing to retire");
    }
    long applyId = nextApplyId();
    List<String> snapshots = write(registered.retiring(reference, now.toEpochMilli()));
    RegistryApply apply =
        new RegistryApply(applyId, now, by, "", List.of("- retire view " + reference), snapshots);
    APPLIES.append(catalog, List.of(apply));
    return apply;
  }

  /** The definition files apply {@code applyId} registered. */
  public List<DefinitionFile> definitionFiles(long applyId) {
    return DEFINITION_FILES.read(catalog).stream().filter(f -> f.applyId() == applyId).toList();
  }

  private long nextApplyId() {
    return applies().stream().mapToLong(RegistryApply::applyId).max().orElse(0) + 1;
  }

  /** Writes the tables whose rows differ from {@code next}; returns {@code table=snapshot}. */
  private List<String> write(Registry next) {
    List<String> snapshots = new ArrayList<>();
    record(snapshots, ENTITIES, ENTITIES.replace(catalog, next.entities()));
    record(snapshots, SOURCES, SOURCES.replace(catalog, next.sources()));
    record(snapshots, VIEW_VERSIONS, VIEW_VERSIONS.replace(catalog, next.views()));
    record(snapshots, FEATURES, FEATURES.replace(catalog, next.features()));
    record(snapshots, MODELS, MODELS.replace(catalog, next.models()));
    record(snapshots, SCORINGS, SCORINGS.replace(catalog, next.scorings()));
    return snapshots;
  }

  private static void record(List<String> snapshots, RecordTable<?> table, OptionalLong snapshot) {
    snapshot.ifPresent(id -> snapshots.add(table.qualifiedName() + "=" + id));
  }
}
