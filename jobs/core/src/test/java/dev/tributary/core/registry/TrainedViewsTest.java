package dev.tributary.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.defs.FeatureRef;
import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.defs.Model;
import dev.tributary.core.testing.SmallDefinitions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model reads the view versions its served versions were trained on. */
class TrainedViewsTest {
  @TempDir Path v1Folder;
  @TempDir Path v2Folder;

  @Test
  void aModelTrainedOnTheEarlierVersionKeepsReadingIt() throws Exception {
    SmallDefinitions.write(v1Folder);
    SmallDefinitions.write(v2Folder);
    Path views = v2Folder.resolve("views.yaml");
    Files.writeString(
        views, Files.readString(views).replace("delay, window: 1h}", "delay, window: 2h}"));
    FeatureView v1 = FeatureRepository.load(v1Folder).view("airport_delays").orElseThrow();
    FeatureRepository now = FeatureRepository.load(v2Folder);
    FeatureView v2 = now.view("airport_delays").orElseThrow();
    Model model = now.model("delay").orElseThrow();
    List<FeatureView> live = List.of(v2, v1);

    Model bound =
        TrainedViews.bind(model, live, Map.of(1L, Map.of("airport_delays", v1.versionedName())));
    assertEquals(
        List.of(v1.versionedName(), v1.versionedName()),
        bound.inputs().stream().map(i -> i.view().versionedName()).toList());
    assertEquals(
        model.inputs().stream().map(FeatureRef::qualifiedName).toList(),
        bound.inputs().stream().map(FeatureRef::qualifiedName).toList());
    assertEquals(
        "window_ms=3600000",
        bound.inputs().get(0).feature().window().map(w -> "window_ms=" + w.toMillis()).get());

    assertEquals(model.inputs(), TrainedViews.bind(model, live, Map.of()).inputs(), "no metadata");

    IllegalArgumentException mixed =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                TrainedViews.bind(
                    model,
                    live,
                    Map.of(
                        1L, Map.of("airport_delays", v1.versionedName()),
                        2L, Map.of("airport_delays", v2.versionedName()))));
    assertTrue(mixed.getMessage().contains("trained on different versions of view"));

    IllegalArgumentException retired =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                TrainedViews.bind(
                    model, List.of(v2), Map.of(1L, Map.of("airport_delays", v1.versionedName()))));
    assertTrue(retired.getMessage().contains("which is not written any more"));
  }
}
