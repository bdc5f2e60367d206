package dev.tributary.cli;

import dev.tributary.core.defs.FeatureRef;
import dev.tributary.core.defs.Model;
import dev.tributary.core.training.Spine;
import dev.tributary.flink.iceberg.TrainingColumns;
import dev.tributary.triton.models.TrainingRows;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/**
 * A model's training rows read from its training table ({@code training.<name>}, written by the
 * training-set job) at the table's current snapshot, for {@link
 * dev.tributary.triton.models.FlightDelayPublisher}: the one path from features to a model.
 *
 * <p>It lives in the command line, which already depends on Iceberg through the Flink jobs, so the
 * Triton module (client, local server, trainer) stays free of a table format: the scoring job and
 * anything else that embeds it do not carry Iceberg for training they never do.
 *
 * <p>Rows are ordered by {@code as_of}, then by their text: Iceberg returns files in no fixed
 * order, and the trainer's result depends on the order of its rows, so the same snapshot gives the
 * same model.
 */
final class TrainingTableRows {
  private TrainingTableRows() {}

  /**
   * @param name the training set's name ({@code training.<name>})
   * @throws IllegalArgumentException naming the table and what to run when it is missing, empty or
   *     lacks a column of the model's inputs
   */
  static TrainingRows read(Catalog catalog, Model model, String name) throws IOException {
    TableIdentifier id = TableIdentifier.of(TrainingColumns.NAMESPACE, name);
    String rebuild =
        ": build it with 'tributary training-set <definitions> --model "
            + model.name()
            + (name.equals(model.name()) ? "" : " --name " + name)
            + " --from ... --to ...'";
    if (!catalog.tableExists(id)) {
      throw new IllegalArgumentException("training table " + id + " does not exist" + rebuild);
    }
    Table table = catalog.loadTable(id);
    Snapshot snapshot = table.currentSnapshot();
    if (snapshot == null) {
      throw new IllegalArgumentException("training table " + id + " has no rows" + rebuild);
    }
    List<String> columns =
        TrainingColumns.of(Spine.ofLabel(model), model.inputs()).features().stream()
            .map(TrainingColumns.FeatureColumn::name)
            .toList();
    for (String column : columns) {
      if (table.schema().findField(column) == null) {
        throw new IllegalArgumentException(
            "training table " + id + " has no column " + column + rebuild);
      }
    }
    List<Record> records = new ArrayList<>();
    try (CloseableIterable<Record> read =
        IcebergGenerics.read(table).useSnapshot(snapshot.snapshotId()).build()) {
      read.forEach(records::add);
    }
    records.sort(
        Comparator.comparing((Record r) -> (OffsetDateTime) r.getField(Spine.AS_OF))
            .thenComparing(Record::toString));
    int n = records.size();
    float[][] features = new float[n][columns.size()];
    boolean[] labels = new boolean[n];
    long[] asOf = new long[n];
    for (int i = 0; i < n; i++) {
      Record record = records.get(i);
      labels[i] = Boolean.TRUE.equals(record.getField(Spine.LABEL));
      asOf[i] = ((OffsetDateTime) record.getField(Spine.AS_OF)).toInstant().toEpochMilli();
      for (int c = 0; c < columns.size(); c++) {
        features[i][c] =
            record.getField(columns.get(c)) instanceof Number number
                ? number.floatValue()
                : Float.NaN;
      }
    }
    Map<String, Object> lineage = new LinkedHashMap<>();
    lineage.put("training_table", id.toString());
    lineage.put("training_snapshot_id", snapshot.snapshotId());
    lineage.put("training_rows_read", n);
    table.properties().entrySet().stream()
        .filter(e -> e.getKey().startsWith("tributary."))
        .forEach(e -> lineage.put("training_table_" + e.getKey().substring(10), e.getValue()));
    return new TrainingRows(
        model.inputs().stream().map(FeatureRef::qualifiedName).toList(),
        features,
        labels,
        asOf,
        lineage);
  }
}
