package dev.tributary.flink.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.encryption.EncryptedFiles;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * A small Iceberg table whose rows are one Java record type of the core: a column per record
 * component, named in snake case ({@code canonicalText} is {@code canonical_text}), so a registry
 * record and its table cannot drift apart.
 *
 * <p>Components may be {@code String}, {@code boolean}, {@code long}, {@code Instant} (a {@code
 * timestamptz}) or {@code List<String>}. Registry tables are small and read whole, so they are
 * unpartitioned; {@link #replace} rewrites one in a single snapshot, and only when its rows differ.
 */
final class RecordTable<T extends java.lang.Record> {
  static final String NAMESPACE = "registry";

  private final Class<T> type;
  private final TableIdentifier id;
  private final String comment;

  RecordTable(Class<T> type, String name, String comment) {
    this.type = type;
    this.id = TableIdentifier.of(NAMESPACE, name);
    this.comment = comment;
  }

  String qualifiedName() {
    return id.toString();
  }

  /** The rows, in table order; none when the table does not exist yet. */
  List<T> read(Catalog catalog) {
    if (!catalog.tableExists(id)) {
      return List.of();
    }
    List<T> rows = new ArrayList<>();
    try (CloseableIterable<Record> records = IcebergGenerics.read(catalog.loadTable(id)).build()) {
      for (Record record : records) {
        rows.add(toJava(record));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + id + ": " + e.getMessage(), e);
    }
    return rows;
  }

  /**
   * Makes the table hold exactly {@code rows}, in one snapshot; returns its id, or empty when the
   * table already held them (no snapshot).
   */
  OptionalLong replace(Catalog catalog, List<T> rows) {
    if (read(catalog).equals(rows) && catalog.tableExists(id)) {
      return OptionalLong.empty();
    }
    Table table = createIfAbsent(catalog);
    var overwrite = table.newOverwrite().overwriteByRowFilter(Expressions.alwaysTrue());
    if (!rows.isEmpty()) {
      overwrite.addFile(write(table, rows));
    }
    overwrite.commit();
    return OptionalLong.of(table.currentSnapshot().snapshotId());
  }

  /** Adds {@code rows} in one snapshot; returns its id. */
  long append(Catalog catalog, List<T> rows) {
    Table table = createIfAbsent(catalog);
    table.newAppend().appendFile(write(table, rows)).commit();
    return table.currentSnapshot().snapshotId();
  }

  private DataFile write(Table table, List<T> rows) {
    String path =
        table.locationProvider().newDataLocation(id.name() + "-" + UUID.randomUUID() + ".parquet");
    DataWriter<Record> writer =
        new GenericAppenderFactory(table.schema())
            .newDataWriter(
                EncryptedFiles.plainAsEncryptedOutput(table.io().newOutputFile(path)),
                FileFormat.PARQUET,
                null);
    try (writer) {
      for (T row : rows) {
        writer.write(toIceberg(table.schema(), row));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + path + ": " + e.getMessage(), e);
    }
    return writer.toDataFile();
  }

  private Table createIfAbsent(Catalog catalog) {
    if (catalog instanceof SupportsNamespaces namespaces
        && !namespaces.namespaceExists(Namespace.of(NAMESPACE))) {
      try {
        namespaces.createNamespace(Namespace.of(NAMESPACE));
      } catch (AlreadyExistsException createdConcurrently) {
        // fine
      }
    }
    if (catalog.tableExists(id)) {
      return catalog.loadTable(id);
    }
    return catalog
        .buildTable(id, schema())
        .withPartitionSpec(PartitionSpec.unpartitioned())
        .withProperties(Map.of(TableProperties.FORMAT_VERSION, "2", "comment", comment))
        .create();
  }

  Schema schema() {
    List<Types.NestedField> fields = new ArrayList<>();
    int nextId = 1;
    for (RecordComponent component : type.getRecordComponents()) {
      int fieldId = nextId++;
      Type columnType;
      if (component.getType() == List.class) {
        columnType = Types.ListType.ofRequired(nextId++, Types.StringType.get());
      } else {
        columnType = scalar(component.getType());
      }
      fields.add(Types.NestedField.required(fieldId, column(component), columnType));
    }
    return new Schema(fields);
  }

  private static Type scalar(Class<?> javaType) {
    if (javaType == String.class) {
      return Types.StringType.get();
    } else if (javaType == boolean.class) {
      return Types.BooleanType.get();
    } else if (javaType == long.class) {
      return Types.LongType.get();
    } else if (javaType == Instant.class) {
      return Types.TimestampType.withZone();
    }
    throw new IllegalArgumentException("no registry column type for " + javaType);
  }

  private Record toIceberg(Schema schema, T row) {
    GenericRecord record = GenericRecord.create(schema);
    for (RecordComponent component : type.getRecordComponents()) {
      Object value = get(component, row);
      if (value instanceof Instant instant) {
        value = instant.atOffset(ZoneOffset.UTC);
      }
      record.setField(column(component), value);
    }
    return record;
  }

  private T toJava(Record record) {
    RecordComponent[] components = type.getRecordComponents();
    Object[] values = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      Object value = record.getField(column(components[i]));
      if (value instanceof OffsetDateTime time) {
        value = time.toInstant();
      } else if (value instanceof List<?> list) {
        value = List.copyOf(list);
      }
      values[i] = value;
      types[i] = components[i].getType();
    }
    try {
      return type.getDeclaredConstructor(types).newInstance(values);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot build " + type.getSimpleName() + " from " + id, e);
    }
  }

  private static Object get(RecordComponent component, Object row) {
    try {
      return component.getAccessor().invoke(row);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String column(RecordComponent component) {
    return component.getName().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase();
  }
}
