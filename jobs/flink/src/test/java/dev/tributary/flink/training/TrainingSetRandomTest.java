package dev.tributary.flink.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tributary.core.defs.FeatureRef;
import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.training.Spine;
import dev.tributary.core.window.Seeds;
import dev.tributary.embedded.LocalIcebergCatalog;
import dev.tributary.embedded.junit.FlinkClusterExtension;
import dev.tributary.embedded.junit.IcebergCatalogExtension;
import dev.tributary.flink.BatchRun;
import dev.tributary.flink.RandomTrainingCase;
import dev.tributary.flink.TrainingTables;
import dev.tributary.flink.backfill.BackfillJob;
import dev.tributary.flink.backfill.BackfillSettings;
import dev.tributary.flink.iceberg.CatalogConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training sets from both strategies, end to end through Flink and Iceberg, equal the contract
 * evaluated by brute force for a random repository, events and spine ({@link RandomTrainingCase}).
 * {@code -Dtributary.seed=N} replays a failure.
 */
class TrainingSetRandomTest {
  @RegisterExtension static final IcebergCatalogExtension ICEBERG = new IcebergCatalogExtension();
  @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

  @Test
  void bothStrategiesEqualBruteForceForARandomRepositoryAndSpine(@TempDir Path root)
      throws Exception {
    long seed = Seeds.base();
    RandomTrainingCase random = new RandomTrainingCase(new Random(seed));
    random.write(root);
    FeatureRepository repository = FeatureRepository.load(root);
    CatalogConfig catalog = new CatalogConfig(LocalIcebergCatalog.NAME, ICEBERG.properties());
    long from = RandomTrainingCase.BASE - 86_400_000L;
    long to = RandomTrainingCase.BASE + 2 * 86_400_000L;

    BackfillJob backfill =
        new BackfillJob(
            repository,
            new BackfillSettings(
                catalog,
                "backfill",
                from,
                to,
                random.views.stream().map(RandomTrainingCase.View::name).toList(),
                Map.of()));
    BatchRun.run(FLINK, backfill::build);
    backfill.finish();

    List<FeatureRef> features = new ArrayList<>();
    for (FeatureView view : repository.views()) {
      view.features().forEach(f -> features.add(new FeatureRef(view, f)));
    }
    Spine spine = Spine.ofSource(repository.source("spine").orElseThrow());
    for (TrainingStrategy strategy : TrainingStrategy.values()) {
      String name = "random_" + strategy.name().toLowerCase();
      TrainingSetJob job =
          new TrainingSetJob(
              spine,
              features,
              new TrainingSetSettings(catalog, name, from, to, strategy, name, Map.of(), 10));
      BatchRun.run(FLINK, job::build);
      job.finish();

      List<String> columns = TrainingTables.columnNames(ICEBERG.catalog(), name);
      List<List<Object>> rows = TrainingTables.rows(ICEBERG.catalog(), name);
      assertEquals(
          random.spine.size(), rows.size(), Seeds.replay(seed) + ": one row per spine row");
      for (List<Object> row : rows) {
        RandomTrainingCase.Row spineRow =
            random.spine.get(((Long) row.get(columns.indexOf("x"))).intValue());
        for (RandomTrainingCase.View view : random.views) {
          List<Object> actual = new ArrayList<>();
          view.features()
              .forEach(f -> actual.add(row.get(columns.indexOf(view.name() + "__" + f.name()))));
          assertEquals(
              random.expected(view, spineRow),
              actual,
              "seed "
                  + seed
                  + " (-Dtributary.seed="
                  + seed
                  + "), "
                  + strategy
                  + ", view "
                  + view
                  + ", spine row "
                  + spineRow);
        }
      }
    }
  }
}
