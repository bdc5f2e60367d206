package dev.tributary.core.defs;

import java.io.Serializable;
import java.nio.file.Path;

/**
 * Historical events of a source kept as files, for backfills, training sets and the demo replay.
 *
 * @param location the file or folder, resolved against the definitions folder when relative (text,
 *     so definitions can be shipped to Flink tasks)
 * @param format {@code csv}, {@code json} (one object per line) or {@code parquet}; a {@code .gz}
 *     suffix on the file name means gzip
 */
public record FileInput(String location, String format) implements Serializable {

  public FileInput(Path path, String format) {
    this(path.toString(), format);
  }

  public Path path() {
    return Path.of(location);
  }

  static final java.util.List<String> FORMATS = java.util.List.of("csv", "json", "parquet");
}
