package dev.tributary.flink.training;

import dev.tributary.core.plan.PlannedTable;
import dev.tributary.flink.iceberg.IcebergSchemas;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.UpdateProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.io.CloseableIterable;

/**
 * A training set is built into a staging table, {@code training.<name>__build}, and swapped in only
 * after the job has committed: a run that fails, for too many rejected records or anything else,
 * leaves {@code training.<name>} as it was, rows, snapshot and properties.
 *
 * <pre>
 *  build():  training.&lt;name&gt;__build created empty ─► Flink job ─► IcebergSink commits into it
 *  publish(): one replace transaction on training.&lt;name&gt;: the staged schema, spec and
 *             properties, and the staged data files appended ─► commit; the staging table is dropped
 *  abandon(): the staging table and its files are dropped; training.&lt;name&gt; untouched
 * </pre>
 *
 * <p>The swap is Iceberg's replace-table transaction (what {@code CREATE OR REPLACE TABLE ... AS
 * SELECT} does): one commit of the table's metadata, so readers see the old set or the new one,
 * never an empty table, and the old snapshots stay in the table's history. It adds the staged data
 * files as they are, which is sound only when the replacement gives every column the field id the
 * staged files were written with. Iceberg keeps the ids of columns whose names the old table
 * already had, so that holds when a set is rebuilt with the same columns (or did not exist); when
 * its columns changed, the old table is dropped and the staging table renamed into its place
 * instead: two catalog operations, on the path where the job has already succeeded.
 */
final class StagedTrainingTable {
  /** Appended to a training set's name for its staging table. */
  static final String SUFFIX = "__build";

  private static final String LINEAGE_PREFIX = "tributary.";

  /** The Parquet writer property Iceberg passes on (there is no {@code write.parquet.*} one). */
  static final String PARQUET_DICTIONARY = "parquet.enable.dictionary";

  private final TableIdentifier target;
  private final TableIdentifier staging;

  StagedTrainingTable(TableIdentifier target) {
    this.target = target;
    this.staging = TableIdentifier.of(target.namespace(), target.name() + SUFFIX);
  }

  TableIdentifier staging() {
    return staging;
  }

  /**
   * Creates an empty staging table for {@code planned}. One left by a run that stopped between its
   * swap and the staging table's drop may share files with the training table, so it is dropped
   * without deleting files.
   */
  Table create(Catalog catalog, PlannedTable planned) {
    if (catalog.tableExists(staging)) {
      catalog.dropTable(staging, false);
    }
    Table table =
        IcebergSchemas.createIfAbsent(
            catalog,
            new PlannedTable(
                planned.namespace(),
                staging.name(),
                planned.columns(),
                planned.partitionDayOf(),
                planned.purpose()),
            List.of());
    // Parquet files without dictionaries: each writer keeps a file open per day partition of
    // as_of, and a dictionary per column of each (hash maps of the features' mostly distinct
    // doubles) made up half of the writing's time; plain pages under the table's compression
    table.updateProperties().set(PARQUET_DICTIONARY, "false").commit();
    return table;
  }

  /** Drops the staging table of a run that failed, with its files: nothing else refers to them. */
  void abandon(Catalog catalog) {
    if (catalog.tableExists(staging)) {
      catalog.dropTable(staging, true);
    }
  }

  /**
   * Makes the staged rows the training set, with {@code lineage} as its {@code tributary.*}
   * properties (those of the set it replaces are removed), and drops the staging table.
   *
   * @return the training table as committed
   */
  Table publish(Catalog catalog, Map<String, String> lineage) {
    Table staged = catalog.loadTable(staging);
    Map<String, String> properties = new HashMap<>(staged.properties());
    properties.putAll(lineage);
    Transaction replace =
        catalog
            .buildTable(target, staged.schema())
            .withPartitionSpec(staged.spec())
            .withProperties(properties)
            .createOrReplaceTransaction();
    Table replacement = replace.table();
    if (!replacement.schema().sameSchema(staged.schema())
        || !replacement.spec().equals(staged.spec())) {
      return renameInstead(catalog, staged, lineage);
    }
    AppendFiles append = replace.newAppend();
    try (CloseableIterable<FileScanTask> files =
        staged.newScan().includeColumnStats().planFiles()) {
      for (FileScanTask file : files) {
        if (!file.deletes().isEmpty()) {
          throw new IllegalStateException(
              staged.name() + " holds delete files: a training set is only ever appended to");
        }
        append.appendFile(file.file().copy());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the files of " + staged.name(), e);
    }
    append.commit();
    UpdateProperties stale = replace.updateProperties();
    replacement.properties().keySet().stream()
        .filter(key -> key.startsWith(LINEAGE_PREFIX) && !lineage.containsKey(key))
        .forEach(stale::remove);
    stale.commit();
    replace.commitTransaction();
    catalog.dropTable(staging, false);
    return catalog.loadTable(target);
  }

  /** The swap for a set whose columns changed: drop the old table, rename the staged one. */
  private Table renameInstead(Catalog catalog, Table staged, Map<String, String> lineage) {
    UpdateProperties properties = staged.updateProperties();
    lineage.forEach(properties::set);
    properties.commit();
    if (catalog.tableExists(target)) {
      catalog.dropTable(target, true);
    }
    catalog.renameTable(staging, target);
    return catalog.loadTable(target);
  }
}
