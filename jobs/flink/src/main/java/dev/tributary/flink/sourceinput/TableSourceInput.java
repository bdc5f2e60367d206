package dev.tributary.flink.sourceinput;

import dev.tributary.core.defs.Source;
import dev.tributary.core.expr.ShiftedColumn;
import dev.tributary.flink.iceberg.CatalogConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.flink.source.IcebergSource;
import org.apache.iceberg.flink.source.assigner.SimpleSplitAssignerFactory;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * A source's events in an Iceberg table, read in parallel by Iceberg's Flink source (deletes
 * applied), only the source's columns, at the snapshot current when the job is built: the output
 * names it ({@link #lineage()}), so a rebuild reads the same rows even after the table changes.
 *
 * <p>When the time a job selects rows by (the event time for events, the as-of time for a spine) is
 * a column of the table plus a constant, the range is an Iceberg filter on that column, so data
 * files and row groups wholly outside it are skipped.
 */
final class TableSourceInput extends SourceInput<RowData> {
  private final CatalogConfig catalog;
  private final TableIdentifier id;
  private final long snapshot;
  private final Table table;
  private final TableRecords records;

  /**
   * Loads the table and checks its columns against the source's schema, before any job runs.
   *
   * @throws IllegalArgumentException when the table does not exist, lacks a declared column or
   *     holds it in an incompatible type (naming the table and the column), or was never written
   */
  TableSourceInput(Source source, CatalogConfig catalog, String name) {
    super(source);
    this.catalog = catalog;
    this.id = TableIdentifier.parse(name);
    String where = "Iceberg table " + name + " (events of source '" + source.name() + "')";
    Catalog opened = catalog.open();
    if (!opened.tableExists(id)) {
      throw new IllegalArgumentException(
          where + " does not exist in catalog '" + catalog.name() + "'");
    }
    this.table = opened.loadTable(id);
    if (table.currentSnapshot() == null) {
      // the columns first: a table of the wrong shape says so even before anything is written
      TableRecords.of(source, name, table.schema(), -1);
      throw new IllegalArgumentException(
          where + " has no snapshot: nothing was ever written to it");
    }
    this.snapshot = table.currentSnapshot().snapshotId();
    this.records = TableRecords.of(source, name, table.schema(), snapshot);
  }

  @Override
  public DataStream<RowData> elements(
      StreamExecutionEnvironment env,
      String name,
      dev.tributary.core.expr.Expression time,
      ReadRange range) {
    IcebergSource<RowData> rows =
        IcebergSource.forRowData()
            .tableLoader(TableLoader.fromCatalog(catalog.loader(), id))
            .useSnapshotId(snapshot)
            .streaming(false)
            .project(records.projection())
            .filters(filters(time, range))
            .assignerFactory(new SimpleSplitAssignerFactory())
            .build();
    return env.fromSource(
            rows,
            WatermarkStrategy.noWatermarks(),
            "table " + id + " of " + name,
            InternalTypeInfo.of(FlinkSchemaUtil.convert(records.projection())))
        .uid("table-" + name);
  }

  @Override
  public RecordReader<RowData> reader() {
    return records;
  }

  @Override
  public String kind() {
    return "table";
  }

  @Override
  public String lineage() {
    return id + "@" + snapshot;
  }

  /**
   * {@code range} of {@code time} as an Iceberg filter on a column, when {@code time} is a column
   * of the table plus a constant ({@link ShiftedColumn}, such as {@code date - hours(2)}); no
   * filter otherwise. In microseconds for a timestamp column, in milliseconds for a long of epoch
   * milliseconds. The column's millisecond value is the microseconds rounded toward the past, so
   * {@code from <= ms < to} is exactly {@code from * 1000 <= us < to * 1000}.
   */
  List<Expression> filters(dev.tributary.core.expr.Expression time, ReadRange range) {
    List<Expression> filters = new ArrayList<>();
    Optional<ShiftedColumn> shifted = ShiftedColumn.of(time);
    Types.NestedField column = shifted.map(s -> table.schema().findField(s.column())).orElse(null);
    if (column == null || source.schema().indexOf(column.name()).isEmpty()) {
      return filters;
    }
    Type.TypeID type = column.type().typeId();
    if (type != Type.TypeID.TIMESTAMP && type != Type.TypeID.LONG) {
      return filters;
    }
    long scale = type == Type.TypeID.TIMESTAMP ? 1000 : 1;
    long from = shifted.get().columnFrom(range.fromInclusive());
    long to = shifted.get().columnTo(range.toExclusive());
    if (from != Long.MIN_VALUE) {
      filters.add(Expressions.greaterThanOrEqual(column.name(), from * scale));
    }
    if (to != Long.MAX_VALUE) {
      filters.add(Expressions.lessThan(column.name(), to * scale));
    }
    return filters;
  }
}
