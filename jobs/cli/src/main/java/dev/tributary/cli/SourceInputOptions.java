package dev.tributary.cli;

import dev.tributary.core.defs.FileInput;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where the batch commands read a source's rows, overriding its definition for one run: files, or
 * an Iceberg table of the catalog. Backfill reads the views' events through them; training-set the
 * spine's rows, and the views' events when it recomputes.
 */
final class SourceInputOptions {

  @Option(
      names = "--files",
      paramLabel = "SOURCE=PATH",
      description =
          "read these files (or folder) for a source instead of the ones its definition names; format from "
              + "the extension (.parquet, .json, else csv), repeatable")
  private Map<String, Path> files = new LinkedHashMap<>();

  @Option(
      names = "--table",
      paramLabel = "SOURCE=NAMESPACE.TABLE",
      description =
          "read a source's rows from this Iceberg table of the catalog (its current snapshot) instead of "
              + "its definition's files or table, repeatable")
  private Map<String, String> tables = new LinkedHashMap<>();

  /** Per source name, the files given, their format told by the extension. */
  Map<String, FileInput> files() {
    Map<String, FileInput> inputs = new LinkedHashMap<>();
    files.forEach((source, path) -> inputs.put(source, fileInput(path)));
    return inputs;
  }

  /** A file or folder of events, its format told by the extension. */
  static FileInput fileInput(Path path) {
    String name = path.getFileName().toString();
    String format =
        name.endsWith(".parquet")
            ? "parquet"
            : name.endsWith(".json") || name.endsWith(".json.gz") ? "json" : "csv";
    return new FileInput(path.toAbsolutePath(), format);
  }

  /** Per source name, the table given ({@code namespace.table}). */
  Map<String, String> tables() {
    return tables;
  }
}
