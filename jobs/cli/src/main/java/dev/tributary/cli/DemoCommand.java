package dev.tributary.cli;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.FileInput;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tributary demo}: the whole product on embedded defaults, in one process ({@link
 * DemoStory}): definitions, services, backfill, training set, two model versions trained from it
 * and loaded on the local Triton-protocol server, the streaming job, scoring with a split change,
 * monitoring, the consistency check and the report page, each checked.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Run the whole story end to end on embedded defaults (Kafka, Redis, Iceberg, Flink and a"
            + " Triton-protocol server in this process). See README.md.")
final class DemoCommand extends DefinitionsCommand {
  @picocli.CommandLine.Mixin LineageOption lineage;

  /**
   * The 3 M flights of 2001-01-01 .. 2001-07-01, looked for in shared/data above the repository.
   */
  static final String FULL_DATA = "shared/data/flights-3m.parquet";

  private static final Instant SAMPLE_START = Instant.parse("2001-01-01T00:00:00Z");

  @Option(
      names = "--days",
      description =
          "days of flights from 2001-01-01: the first two thirds are backfilled and trained on, the"
              + " streaming job and scoring carry on over the rest (default: 14, the whole sample;"
              + " 181 with --full)")
  Integer days;

  @Option(
      names = "--full",
      description =
          "run on the 3 M flights of ../shared/data/flights-3m.parquet (looked for above the"
              + " repository) or --data")
  boolean full;

  @Option(
      names = "--data",
      paramLabel = "FILE",
      description = "the flights to use instead of the sample (CSV, JSON lines or Parquet)")
  Path data;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "keep the Iceberg catalog, warehouse and model repositories here, for Spark, Trino or"
              + " later commands (default: a temporary folder, deleted at the end)")
  Path dataDir;

  @Option(
      names = "--report",
      paramLabel = "FILE",
      description =
          "where the monitoring report page goes (default: report.html in --data-dir, else"
              + " tributary-demo-report.html in the current folder)")
  Path report;

  @Override
  int run(FeatureRepository repository, PrintWriter out) throws Exception {
    FileInput input = input();
    int span = days != null ? days : input == null ? 14 : 181;
    int maxDays = input == null ? 14 : 366;
    if (span < 3 || span > maxDays) {
      throw new IllegalArgumentException(
          "--days must be between 3 and " + maxDays + " for this data, got " + span);
    }
    if (dataDir != null && Files.isDirectory(dataDir)) {
      try (var entries = Files.list(dataDir)) {
        if (entries.findAny().isPresent()) {
          // The stream and the scoring append to the tables a run before them wrote.
          throw new IllegalArgumentException(
              "--data-dir "
                  + dataDir
                  + " is not empty: the demo writes a fresh catalog there; give a new folder");
        }
      }
    }
    out.printf(
        "1. Definitions in %s are valid: %d views, versions %s; model %s%n",
        definitions.folder,
        repository.views().size(),
        repository.views().stream().map(v -> v.versionedName()).toList(),
        repository.models().stream().map(m -> m.name()).toList());
    if (input != null) {
      out.println("   flights from " + input.location() + " instead of the sample");
    }
    out.flush();
    Path folder = dataDir != null ? dataDir : Files.createTempDirectory("tributary-demo");
    try {
      return new DemoStory(
              repository,
              folder,
              input,
              DemoStory.Range.of(SAMPLE_START, span),
              out,
              spec.commandLine().getErr(),
              reportPage(),
              lineage.target())
          .run();
    } finally {
      if (dataDir == null) {
        TemporaryFolders.delete(folder);
      } else {
        out.println("Kept everything under " + dataDir.toAbsolutePath());
        out.flush();
      }
    }
  }

  private Path reportPage() {
    if (report != null) {
      return report;
    }
    return dataDir != null ? dataDir.resolve("report.html") : Path.of("tributary-demo-report.html");
  }

  /** The flights to use instead of the source's own files, or null for the committed sample. */
  private FileInput input() {
    Path file = data;
    if (file == null && full) {
      file = findFullData(definitions.folder.toAbsolutePath());
      if (file == null) {
        throw new IllegalArgumentException(
            "--full: no "
                + FULL_DATA
                + " in a folder above "
                + definitions.folder.toAbsolutePath()
                + "; pass --data FILE");
      }
    }
    if (file == null) {
      return null;
    }
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("--data " + file + ": no such file");
    }
    return SourceInputOptions.fileInput(file);
  }

  static Path findFullData(Path from) {
    for (Path dir = from; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(FULL_DATA);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
