package dev.tributary.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tributary.embedded.junit.FlinkClusterExtension;
import dev.tributary.embedded.junit.IcebergCatalogExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.flink.CatalogLoader;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.flink.sink.IcebergSink;
import org.apache.iceberg.flink.util.FlinkCompatibilityUtil;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Flink's Iceberg sink, at parallelism 2, opens the embedded catalog from nothing but {@link
 * LocalIcebergCatalog#properties()} and commits rows this JVM then reads back: the catalog
 * configuration is complete and SQLite copes with concurrent writers.
 */
class IcebergFlinkHarnessTest {

  @RegisterExtension static final IcebergCatalogExtension ICEBERG = new IcebergCatalogExtension();

  @RegisterExtension static final FlinkClusterExtension FLINK = new FlinkClusterExtension();

  private static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "origin", Types.StringType.get()),
          Types.NestedField.required(2, "flights", Types.LongType.get()));

  @Test
  void flinkIcebergSinkCommitsRowsReadableFromTheCatalog() throws Exception {
    TableIdentifier id = TableIdentifier.of("features", "harness_flink_rows");
    ICEBERG.catalog().createTable(id, SCHEMA, PartitionSpec.unpartitioned());
    CatalogLoader catalogLoader =
        CatalogLoader.custom(
            LocalIcebergCatalog.NAME,
            ICEBERG.properties(),
            new Configuration(),
            JdbcCatalog.class.getName());
    RowType rowType = FlinkSchemaUtil.convert(SCHEMA);

    StreamExecutionEnvironment env = FLINK.environment();
    IcebergSink.forRowData(
            env.fromSequence(1, 100)
                .uid("numbers")
                .map(n -> (RowData) GenericRowData.of(StringData.fromString("A" + (n % 4)), n))
                .returns(FlinkCompatibilityUtil.toTypeInfo(rowType))
                .uid("to-rows"))
        .tableLoader(TableLoader.fromCatalog(catalogLoader, id))
        .uidSuffix("harness")
        .append();
    env.execute("harness-iceberg-sink");

    Map<String, Long> sums = new TreeMap<>();
    List<Record> rows = new ArrayList<>();
    try (CloseableIterable<Record> records =
        IcebergGenerics.read(ICEBERG.catalog().loadTable(id)).build()) {
      records.forEach(rows::add);
    }
    rows.forEach(
        r -> sums.merge((String) r.getField("origin"), (Long) r.getField("flights"), Long::sum));
    assertEquals(100, rows.size());
    assertEquals(Map.of("A0", 1300L, "A1", 1225L, "A2", 1250L, "A3", 1275L), sums);
  }
}
