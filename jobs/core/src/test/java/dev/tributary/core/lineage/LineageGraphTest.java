package dev.tributary.core.lineage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Runs linked into one graph, walked both ways from any node; inputs and outputs of a run. */
class LineageGraphTest {
  private static final Instant T = Instant.parse("2026-12-06T08:00:00Z");

  private final LineageNode file =
      new LineageNode(LineageNode.FILE, "/d/f.csv", "", "size=10, modified=2026-01-01T00:00:00Z");
  private final LineageNode view = LineageNode.of(LineageNode.VIEW, "v@1");
  private final LineageNode history = LineageNode.table("features.v__1", 11);
  private final LineageNode training = LineageNode.table("training.m", 22);
  private final LineageNode model = LineageNode.of(LineageNode.MODEL, "m/1");
  private final LineageNode folder = LineageNode.of(LineageNode.PATH, "/models/m/1");
  private final LineageNode predictions = LineageNode.table("monitoring.predictions", 33);

  private LineageGraph graph() {
    List<LineageEdge> edges = new ArrayList<>();
    edges.addAll(new LineageRun("backfill", T).link(file, view).link(view, history).edges(T));
    edges.addAll(new LineageRun("training-set", T).link(history, training).edges(T));
    edges.addAll(
        new LineageRun("models", T)
            .link(training, model)
            .link(view, model)
            .link(model, folder)
            .edges(T));
    edges.addAll(new LineageRun("score", T).link(folder, predictions).edges(T));
    return new LineageGraph(edges);
  }

  @Test
  void aRunsInputsAndOutputsAreItsEnds() {
    LineageRun run = new LineageRun("backfill", T).link(file, view).link(view, history);
    assertEquals(List.of(file), run.inputs());
    assertEquals(List.of(history), run.outputs());
    assertEquals(file.detail(), run.edges(T).get(0).fromDetail());
  }

  @Test
  void upstreamOfPredictionsReachesTheFileAndDownstreamOfTheFileThePredictions() {
    LineageGraph graph = graph();
    assertEquals(
        Set.of(folder.id(), model.id(), training.id(), view.id(), history.id(), file.id()),
        graph.reachable(predictions.id(), true));
    assertEquals(
        Set.of(view.id(), history.id(), training.id(), model.id(), folder.id(), predictions.id()),
        graph.reachable(file.id(), false));
    assertEquals(Set.of(), graph.reachable(file.id(), true));
  }

  @Test
  void aTableWithoutSnapshotNamesEverySnapshotOfIt() {
    assertEquals(List.of("table:training.m@22"), graph().nodes("table:training.m"));
    assertEquals(List.of(), graph().nodes("table:training"));
  }

  @Test
  void theTreePrintsAReachedNodeOnceWithItsSubtree() {
    assertEquals(
        List.of(
            "model:m/1",
            "  <- table:training.m@22  [models]",
            "    <- table:features.v__1@11  [training-set]",
            "      <- view:v@1  [backfill]",
            "        <- file:/d/f.csv (size=10, modified=2026-01-01T00:00:00Z)  [backfill]",
            "  <- view:v@1  [models] ..."),
        graph().tree(model.id(), true));
  }
}
