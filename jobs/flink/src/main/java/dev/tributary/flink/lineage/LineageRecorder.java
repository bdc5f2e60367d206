package dev.tributary.flink.lineage;

import dev.tributary.core.lineage.LineageRun;
import dev.tributary.flink.iceberg.CatalogConfig;
import dev.tributary.flink.registry.LineageStore;
import java.time.Clock;

/**
 * Where a finished run's lineage goes: always {@code registry.lineage}; also OpenLineage events
 * when a target is given ({@link OpenLineageEvents#to}).
 */
public final class LineageRecorder {
  private final CatalogConfig catalog;
  private final String openLineageOrNull;
  private final String kafka;
  private final Clock clock;

  /**
   * @param openLineageOrNull an HTTP URL or a file for OpenLineage events; null for none
   * @param kafka the bootstrap servers the jobs read, for topic names in events; empty if none
   */
  public LineageRecorder(CatalogConfig catalog, String openLineageOrNull, String kafka) {
    this(catalog, openLineageOrNull, kafka, Clock.systemUTC());
  }

  LineageRecorder(CatalogConfig catalog, String openLineageOrNull, String kafka, Clock clock) {
    this.catalog = catalog;
    this.openLineageOrNull = openLineageOrNull;
    this.kafka = kafka;
    this.clock = clock;
  }

  /** Records a run that just ended. */
  public void record(LineageRun run) throws Exception {
    new LineageStore(catalog.open()).append(run.edges(clock.instant()));
    if (openLineageOrNull != null) {
      try (OpenLineageEvents events =
          OpenLineageEvents.to(openLineageOrNull, catalog.name(), kafka)) {
        events.emit(run, clock.instant());
      }
    }
  }
}
