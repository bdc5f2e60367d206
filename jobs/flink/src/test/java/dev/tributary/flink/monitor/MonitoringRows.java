package dev.tributary.flink.monitor;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/** Reads what the monitor job wrote, for the tests. */
final class MonitoringRows {
  private MonitoringRows() {}

  static List<Record> read(Catalog catalog, String table) throws Exception {
    var loaded = catalog.loadTable(TableIdentifier.of("monitoring", table));
    loaded.refresh();
    List<Record> rows = new ArrayList<>();
    try (CloseableIterable<Record> read = IcebergGenerics.read(loaded).build()) {
      read.forEach(rows::add);
    }
    return rows;
  }

  static long millis(Object timestamp) {
    return ((OffsetDateTime) timestamp).toInstant().toEpochMilli();
  }
}
