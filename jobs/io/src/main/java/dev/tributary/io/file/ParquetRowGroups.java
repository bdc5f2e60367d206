package dev.tributary.io.file;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.MessageType;

/**
 * The row groups of a Parquet file that a batch job must read for rows whose timestamp column lies
 * in a range, from the minimum and maximum the file's footer keeps per row group and column: a
 * group wholly outside the range holds no row the job uses. Groups are the units a job reads in
 * parallel ({@link EventFileReader#openRowGroup}).
 *
 * <p>Only an INT64 column (a timestamp in milliseconds, microseconds or nanoseconds, or epoch
 * milliseconds without annotation, as {@link ParquetRowMaterializer} reads it) with statistics and
 * without nulls lets a group be skipped: a null there is a record to reject, which must be read to
 * be sent to the dead letters.
 */
public final class ParquetRowGroups {
  private ParquetRowGroups() {}

  /** How many row groups {@code file} has. */
  public static int count(Path file) {
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
      return reader.getRowGroups().size();
    } catch (IOException e) {
      throw new EventFileException(file + ": cannot read the Parquet footer: " + e.getMessage(), e);
    }
  }

  /**
   * The indexes of the row groups of {@code file} that may hold rows with {@code column} in {@code
   * [fromMillis, toMillis)} (UTC ms), in file order; every group when the column cannot tell.
   */
  public static List<Integer> overlapping(
      Path file, String column, long fromMillis, long toMillis) {
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
      MessageType schema = reader.getFooter().getFileMetaData().getSchema();
      long unitsPerMilli = unitsPerMilli(schema, column);
      List<BlockMetaData> groups = reader.getRowGroups();
      List<Integer> overlapping = new ArrayList<>();
      for (int i = 0; i < groups.size(); i++) {
        if (unitsPerMilli == 0
            || mayHold(groups.get(i), column, unitsPerMilli, fromMillis, toMillis)) {
          overlapping.add(i);
        }
      }
      return overlapping;
    } catch (IOException e) {
      throw new EventFileException(file + ": cannot read the Parquet footer: " + e.getMessage(), e);
    }
  }

  /** The column's units per millisecond, or 0 when its statistics cannot bound its times. */
  private static long unitsPerMilli(MessageType schema, String column) {
    if (!schema.containsField(column) || !schema.getType(column).isPrimitive()) {
      return 0;
    }
    return ParquetRowMaterializer.int64UnitsPerMilli(schema.getType(column).asPrimitiveType());
  }

  private static boolean mayHold(
      BlockMetaData group, String column, long unitsPerMilli, long fromMillis, long toMillis) {
    for (ColumnChunkMetaData chunk : group.getColumns()) {
      if (!chunk.getPath().toDotString().equals(column)) {
        continue;
      }
      Statistics<?> statistics = chunk.getStatistics();
      if (statistics == null
          || statistics.isEmpty()
          || !statistics.isNumNullsSet()
          || statistics.getNumNulls() != 0
          || !statistics.hasNonNullValue()) {
        return true;
      }
      long min = Math.floorDiv((Long) statistics.genericGetMin(), unitsPerMilli);
      long max = Math.floorDiv((Long) statistics.genericGetMax(), unitsPerMilli);
      return max >= fromMillis && min < toMillis;
    }
    return true;
  }
}
