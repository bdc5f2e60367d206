package dev.tributary.flink.sourceinput;

import dev.tributary.core.defs.Source;
import dev.tributary.core.records.ParseOutcome;
import dev.tributary.core.records.Provenance;
import dev.tributary.core.records.RecordRejection;
import dev.tributary.core.records.RowEncoder;
import dev.tributary.core.records.RowValidator;
import dev.tributary.core.records.TimestampRange;
import dev.tributary.core.types.Column;
import dev.tributary.core.types.RowSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.table.data.RowData;
import org.apache.iceberg.MetadataColumns;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;

/**
 * The rows of a source's Iceberg table as the source's records: each row, as Iceberg's Flink source
 * reads it with {@link #projection()}, becomes the row of the source's declared schema (columns
 * matched by exact name, values converted by {@link TableColumnReading}) and then passes the same
 * {@link RowValidator} as every file and Kafka record. A null value is a rejection like any other.
 *
 * <p>A missing column or a type that cannot hold the declared one is found by {@link #of} from the
 * table's schema before the job starts, naming the table and the column, rather than as a million
 * rejections.
 */
final class TableRecords implements RecordReader<RowData> {
  private static final long serialVersionUID = 1L;

  private final Schema projection;
  private final RowValidator validator;
  private final TableColumnReading[] readings;

  /** Per source column, its position in a row of the projection. */
  private final int[] positions;

  /** The table as rejection reasons name it: {@code raw.flights}, and the snapshot read. */
  private final String table;

  private final long snapshot;

  /** A rejected row's values as JSON, its payload in the dead letters. */
  private final RowEncoder json;

  private TableRecords(
      Schema projection,
      RowValidator validator,
      TableColumnReading[] readings,
      int[] positions,
      String table,
      long snapshot) {
    this.projection = projection;
    this.validator = validator;
    this.readings = readings;
    this.positions = positions;
    this.table = table;
    this.snapshot = snapshot;
    this.json = new RowEncoder(validator.schema());
  }

  /**
   * The reader of {@code source}'s rows from snapshot {@code snapshot} of the table {@code name} of
   * schema {@code table}.
   *
   * @throws IllegalArgumentException naming the table and the column, when the table lacks a
   *     declared column or holds it in a type that cannot be read as the declared one
   */
  static TableRecords of(Source source, String name, Schema table, long snapshot) {
    RowSchema schema = source.schema();
    TableColumnReading[] readings = new TableColumnReading[schema.size()];
    String where =
        "Iceberg table "
            + name
            + " (events of source '"
            + source.name()
            + "', "
            + source.at()
            + ")";
    for (int i = 0; i < readings.length; i++) {
      Column column = schema.column(i);
      Types.NestedField field = table.findField(column.name());
      if (field == null) {
        throw new IllegalArgumentException(
            where
                + " has no column '"
                + column.name()
                + "' (its columns: "
                + table.columns().stream().map(Types.NestedField::name).toList()
                + ")");
      }
      readings[i] = TableColumnReading.of(column.type(), field.type());
      if (readings[i] == null) {
        throw new IllegalArgumentException(
            where
                + ": column '"
                + column.name()
                + "' is "
                + field.type()
                + ", which cannot be read as "
                + column.type().yamlName()
                + " (see docs/batch.md for the types each "
                + "column type accepts)");
      }
    }
    // the data file and the row's position in it, which Iceberg's readers fill in, say where a
    // rejected row is
    List<Types.NestedField> columns =
        new ArrayList<>(
            table.select(schema.columns().stream().map(Column::name).toList()).columns());
    columns.add(MetadataColumns.FILE_PATH);
    columns.add(MetadataColumns.ROW_POSITION);
    Schema projection = new Schema(columns);
    List<String> projected = projection.columns().stream().map(Types.NestedField::name).toList();
    int[] positions = new int[schema.size()];
    for (int i = 0; i < positions.length; i++) {
      positions[i] = projected.indexOf(schema.column(i).name());
    }
    return new TableRecords(
        projection,
        new RowValidator(source, TimestampRange.DEFAULT),
        readings,
        positions,
        name,
        snapshot);
  }

  /** The table's columns to read: the source's columns, in the table's order. */
  Schema projection() {
    return projection;
  }

  @Override
  public void read(RowData row, Consumer<ParseOutcome> records) {
    Object[] values = new Object[readings.length];
    for (int i = 0; i < values.length; i++) {
      if (!row.isNullAt(positions[i])) {
        try {
          values[i] = readings[i].read(row, positions[i]);
        } catch (IllegalArgumentException notATimestamp) {
          String field = "field '" + validator.schema().column(i).name() + "': ";
          records.accept(
              new RecordRejection(
                      field + notATimestamp.getMessage(), field + "expected a timestamp")
                  .at(where(row), json.encode(values)));
          return;
        }
      }
    }
    ParseOutcome outcome = validator.validate(values);
    records.accept(
        outcome instanceof RecordRejection rejection
            ? rejection.at(where(row), json.encode(values))
            : outcome);
  }

  /** The table, snapshot, data file and position of a row read with {@link #projection()}. */
  private String where(RowData row) {
    int file = projection.columns().size() - 2;
    return Provenance.tableRow(
        table, snapshot, row.getString(file).toString(), row.getLong(file + 1));
  }
}
