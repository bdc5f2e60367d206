package dev.tributary.core.registry;

import dev.tributary.core.defs.Entity;
import dev.tributary.core.defs.Feature;
import dev.tributary.core.defs.FeatureRef;
import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.defs.Model;
import dev.tributary.core.defs.Scoring;
import dev.tributary.core.defs.Source;
import dev.tributary.core.defs.SourceLocation;
import dev.tributary.core.defs.ViewVersion;
import dev.tributary.core.types.Column;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What the registry holds: the definitions as applied, and every view version ever registered with
 * its status. The contents of the {@code registry.*} tables, in a stable order, so two registries
 * are equal exactly when their tables would hold the same rows.
 */
public record Registry(
    List<RegisteredEntity> entities,
    List<RegisteredSource> sources,
    List<RegisteredView> views,
    List<RegisteredFeature> features,
    List<RegisteredModel> models,
    List<RegisteredScoring> scorings) {

  public Registry {
    entities = sorted(entities, Comparator.comparing(RegisteredEntity::name));
    sources = sorted(sources, Comparator.comparing(RegisteredSource::name));
    views =
        sorted(
            views,
            Comparator.comparing(RegisteredView::view).thenComparing(RegisteredView::version));
    features =
        sorted(
            features,
            Comparator.comparing(RegisteredFeature::view)
                .thenComparing(RegisteredFeature::version)
                .thenComparing(RegisteredFeature::feature));
    models = sorted(models, Comparator.comparing(RegisteredModel::name));
    scorings = sorted(scorings, Comparator.comparing(RegisteredScoring::name));
  }

  public static Registry empty() {
    return new Registry(List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
  }

  /** The definitions as the registry would keep them, every view version live. */
  public static Registry of(FeatureRepository repository) {
    Path root = repository.root();
    List<RegisteredView> views = new ArrayList<>();
    List<RegisteredFeature> features = new ArrayList<>();
    for (FeatureView view : repository.views()) {
      views.add(
          new RegisteredView(
              view.name(),
              view.version(),
              view.entity().name(),
              view.source().name(),
              ViewVersion.canonicalText(view),
              view.online(),
              view.offline(),
              RegisteredView.LIVE,
              0,
              0,
              where(root, view.at())));
      for (Feature feature : view.features()) {
        features.add(
            new RegisteredFeature(
                view.name(),
                view.version(),
                feature.name(),
                ViewVersion.featureText(feature),
                feature.resultType().yamlName(),
                where(root, feature.at())));
      }
    }
    return new Registry(
        repository.entities().stream().map(e -> entity(e, root)).toList(),
        repository.sources().stream().map(s -> source(s, root)).toList(),
        views,
        features,
        repository.models().stream().map(m -> model(m, root)).toList(),
        repository.scorings().stream().map(s -> scoring(s, root)).toList());
  }

  /**
   * The registry after applying {@code proposed} as apply number {@code applyId} at {@code now}:
   * the proposed definitions, plus every version registered before. A view version the definitions
   * no longer hold stays live beside its view's new version until it is retired; the versions of a
   * view that left the definitions are removed (no longer written). Features of earlier versions
   * stay, so a model trained on them can still be traced.
   */
  public Registry applying(Registry proposed, long applyId, long now) {
    Map<String, RegisteredView> byReference = new TreeMap<>();
    views.forEach(v -> byReference.put(v.reference(), v));
    List<String> proposedViews = proposed.views.stream().map(RegisteredView::view).toList();
    for (RegisteredView old : views) {
      if (old.live() && !proposedViews.contains(old.view())) {
        byReference.put(old.reference(), old.withStatus(RegisteredView.REMOVED, now));
      }
    }
    for (RegisteredView view : proposed.views) {
      RegisteredView old = byReference.get(view.reference());
      byReference.put(
          view.reference(),
          old == null
              ? view.appliedIn(applyId)
              : new RegisteredView(
                  view.view(),
                  view.version(),
                  view.entity(),
                  view.source(),
                  view.canonicalText(),
                  view.online(),
                  view.offline(),
                  old.live() ? RegisteredView.LIVE : old.status(),
                  old.appliedIn(),
                  old.retiredAt(),
                  view.at()));
    }
    Map<String, RegisteredFeature> featureRows = new TreeMap<>();
    for (List<RegisteredFeature> rows : List.of(features, proposed.features)) {
      rows.forEach(f -> featureRows.put(f.view() + "@" + f.version() + "." + f.feature(), f));
    }
    return new Registry(
        proposed.entities,
        proposed.sources,
        new ArrayList<>(byReference.values()),
        new ArrayList<>(featureRows.values()),
        proposed.models,
        proposed.scorings);
  }

  /** The registry with {@code view@version} retired at {@code now}. */
  public Registry retiring(String reference, long now) {
    RegisteredView view = view(reference).orElseThrow();
    List<RegisteredView> after = new ArrayList<>(views);
    after.replaceAll(
        v -> v.reference().equals(reference) ? view.withStatus(RegisteredView.RETIRED, now) : v);
    return new Registry(entities, sources, after, features, models, scorings);
  }

  /** A view version by {@code view@version}. */
  public Optional<RegisteredView> view(String reference) {
    return views.stream().filter(v -> v.reference().equals(reference)).findFirst();
  }

  /** The live versions of every view, newest registration last. */
  public List<RegisteredView> liveViews() {
    return views.stream()
        .filter(RegisteredView::live)
        .sorted(Comparator.comparingLong(RegisteredView::appliedIn))
        .toList();
  }

  /** The features of one view version. */
  public List<RegisteredFeature> features(String view, String version) {
    return features.stream()
        .filter(f -> f.view().equals(view) && f.version().equals(version))
        .toList();
  }

  private static RegisteredEntity entity(Entity entity, Path root) {
    return new RegisteredEntity(entity.name(), columns(entity.keys()), where(root, entity.at()));
  }

  private static RegisteredSource source(Source source, Path root) {
    return new RegisteredSource(
        source.name(),
        source.topic().orElse(""),
        source.files().map(f -> relative(root, f.location()) + " (" + f.format() + ")").orElse(""),
        source.table().orElse(""),
        columns(source.schema().columns()),
        source.eventTime().canonical(),
        where(root, source.at()));
  }

  private static RegisteredModel model(Model model, Path root) {
    return new RegisteredModel(
        model.name(),
        model.tritonModel(),
        model.inputs().stream().map(FeatureRef::qualifiedName).toList(),
        model.inputs().stream()
            .map(input -> input.view().name() + "@" + input.view().version())
            .distinct()
            .toList(),
        model.repository().map(r -> relative(root, r)).orElse(""),
        where(root, model.at()));
  }

  private static RegisteredScoring scoring(Scoring scoring, Path root) {
    return new RegisteredScoring(
        scoring.name(),
        scoring.model().name(),
        scoring.requests().name(),
        scoring.routingKey().canonical(),
        new TreeMap<>(scoring.trafficSplit())
            .entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(",")),
        where(root, scoring.at()));
  }

  /**
   * A definition's place relative to the definitions folder: the registry must not change when the
   * same definitions are applied from another checkout or working directory.
   */
  private static String where(Path root, SourceLocation at) {
    return new SourceLocation(relative(root, at.file()), at.line(), at.column()).toString();
  }

  /** A path relative to the definitions folder; a URI as written. */
  private static String relative(Path root, String location) {
    if (location.contains("://")) {
      return location;
    }
    Path path = Path.of(location).toAbsolutePath().normalize();
    return root.toAbsolutePath().normalize().relativize(path).toString().replace('\\', '/');
  }

  static String columns(List<Column> columns) {
    return columns.stream()
        .map(c -> c.name() + ":" + c.type().yamlName())
        .collect(Collectors.joining(","));
  }

  private static <T> List<T> sorted(List<T> items, Comparator<T> order) {
    return items.stream().sorted(order).toList();
  }
}
