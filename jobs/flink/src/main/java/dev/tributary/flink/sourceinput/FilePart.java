package dev.tributary.flink.sourceinput;

import java.io.Serializable;

/**
 * What one reading task reads of a source's files: a whole file, or one row group of a Parquet
 * file.
 *
 * @param path the file
 * @param rowGroup the Parquet row group's index, or {@link #WHOLE_FILE}
 */
public record FilePart(String path, int rowGroup) implements Serializable {
  public static final int WHOLE_FILE = -1;

  @Override
  public String toString() {
    return rowGroup == WHOLE_FILE ? path : path + " (row group " + rowGroup + ")";
  }
}
