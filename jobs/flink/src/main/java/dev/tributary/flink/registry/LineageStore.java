package dev.tributary.flink.registry;

import dev.tributary.core.lineage.LineageEdge;
import dev.tributary.core.lineage.LineageGraph;
import java.util.List;
import org.apache.iceberg.catalog.Catalog;

/**
 * {@code registry.lineage}: every edge every run recorded, appended one snapshot per run, never
 * rewritten (lineage is history).
 */
public final class LineageStore {
  static final RecordTable<LineageEdge> LINEAGE =
      new RecordTable<>(
          LineageEdge.class, "lineage", "what each job run read to make what, with snapshot ids");

  private final Catalog catalog;

  public LineageStore(Catalog catalog) {
    this.catalog = catalog;
  }

  /** Appends a run's edges; returns the lineage table's new snapshot id. */
  public long append(List<LineageEdge> edges) {
    return LINEAGE.append(catalog, edges);
  }

  /** Every edge recorded, each with the job and run that recorded it. */
  public List<LineageEdge> edges() {
    return LINEAGE.read(catalog);
  }

  public LineageGraph graph() {
    return new LineageGraph(edges());
  }
}
