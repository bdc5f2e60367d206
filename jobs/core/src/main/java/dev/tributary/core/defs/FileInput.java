package dev.tributary.core.defs;

import java.io.Serializable;
import java.nio.file.Path;

/**
 * Historical events of a source kept as files, for backfills, training sets and the demo replay.
 *
 * @param path the file or folder, resolved against the definitions folder when relative
 * @param format {@code csv}, {@code json} (one object per line) or {@code parquet}; a {@code .gz}
 *     suffix on the file name means gzip
 */
public record FileInput(Path path, String format) implements Serializable {

  static final java.util.List<String> FORMATS = java.util.List.of("csv", "json", "parquet");
}
