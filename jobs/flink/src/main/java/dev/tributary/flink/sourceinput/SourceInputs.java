package dev.tributary.flink.sourceinput;

import dev.tributary.core.defs.FileInput;
import dev.tributary.core.defs.Source;
import dev.tributary.flink.iceberg.CatalogConfig;
import java.util.HashMap;
import java.util.Map;

/**
 * Which input a batch job reads each source from: files or a table given for the run ({@code
 * --files}, {@code --table}) before what the definition declares, and a definition's {@code files}
 * before its {@code table}. One instance per job, so a source read twice (the spine's source and a
 * view's events) is read from one snapshot.
 */
public final class SourceInputs {
  private final CatalogConfig catalog;
  private final Map<String, FileInput> files;
  private final Map<String, String> tables;
  private final Map<String, SourceInput<?>> resolved = new HashMap<>();

  /**
   * @param files per source name, files to read instead of the definition's input
   * @param tables per source name, an Iceberg table {@code namespace.table} to read instead
   */
  public SourceInputs(
      CatalogConfig catalog, Map<String, FileInput> files, Map<String, String> tables) {
    for (String source : files.keySet()) {
      if (tables.containsKey(source)) {
        throw new IllegalArgumentException(
            "source '" + source + "' is given both files and a table: give one");
      }
    }
    this.catalog = catalog;
    this.files = files;
    this.tables = tables;
  }

  /** True when the run has something to read the source from. */
  public boolean has(Source source) {
    return files.containsKey(source.name())
        || tables.containsKey(source.name())
        || source.files().isPresent()
        || source.table().isPresent();
  }

  /**
   * The source's input; a table is loaded and its columns checked now.
   *
   * @throws IllegalArgumentException when there is none, or the table cannot be read as the source
   */
  public SourceInput<?> of(Source source) {
    return resolved.computeIfAbsent(
        source.name(),
        name -> {
          if (!has(source)) {
            throw new IllegalArgumentException(missing(source));
          }
          FileInput input =
              files.getOrDefault(
                  name, tables.containsKey(name) ? null : source.files().orElse(null));
          return input != null
              ? new FileSourceInput(source, input)
              : new TableSourceInput(
                  source, catalog, tables.getOrDefault(name, source.table().orElse(null)));
        });
  }

  /** Says what to do about a source with no historical input. */
  public static String missing(Source source) {
    return "source '"
        + source.name()
        + "' ("
        + source.at()
        + ") declares no files nor Iceberg table to read its "
        + "events from: add 'files:' or 'table:' to it, or pass --files "
        + source.name()
        + "=PATH or --table "
        + source.name()
        + "=NAMESPACE.TABLE";
  }
}
