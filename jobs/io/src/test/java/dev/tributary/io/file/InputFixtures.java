package dev.tributary.io.file;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.FileInput;
import dev.tributary.core.defs.Source;
import dev.tributary.core.defs.SourceLocation;
import dev.tributary.core.defs.Watermarks;
import dev.tributary.core.expr.Expression;
import dev.tributary.core.records.ParseOutcome;
import dev.tributary.core.records.ParsedEvent;
import dev.tributary.core.records.TimestampRange;
import dev.tributary.core.types.Column;
import dev.tributary.core.types.RowSchema;
import dev.tributary.core.types.ValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The example flights source, a source with a column of every type, and the data files: for the
 * tests of the file readers and of the replayer.
 */
public final class InputFixtures {
  public static final RowSchema ALL_TYPES =
      new RowSchema(
          List.of(
              new Column("date", ValueType.TIMESTAMP),
              new Column("delay", ValueType.LONG),
              new Column("ratio", ValueType.DOUBLE),
              new Column("origin", ValueType.STRING),
              new Column("cancelled", ValueType.BOOLEAN)));

  private InputFixtures() {}

  public static Path repositoryRoot() {
    String configured = System.getProperty("tributary.repo.root");
    Path dir = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("feature-defs"))) {
      dir = dir.getParent();
    }
    return dir;
  }

  public static Source flights() {
    return FeatureRepository.load(repositoryRoot().resolve("feature-defs"))
        .source("flights")
        .orElseThrow();
  }

  /** The full data set when this machine has it: ../shared/data, or /work/shared/data. */
  public static Path flights3m() {
    Path beside =
        repositoryRoot().resolveSibling("shared").resolve("data").resolve("flights-3m.parquet");
    return Files.exists(beside) ? beside : Path.of("/work/shared/data/flights-3m.parquet");
  }

  public static Source allTypes() {
    return new Source(
        "events",
        "every type",
        "events",
        null,
        null,
        ALL_TYPES,
        Expression.compile("date + minutes(delay)", ALL_TYPES),
        Watermarks.DEFAULT,
        SourceLocation.of(Path.of("test.yaml")));
  }

  public static EventFileReader reader(Source source, Path path, String format) {
    return new EventFileReader(source, new FileInput(path, format), TimestampRange.DEFAULT);
  }

  public static List<ParseOutcome> readAll(EventFileReader reader) {
    List<ParseOutcome> outcomes = new ArrayList<>();
    try (EventIterator events = reader.open()) {
      events.forEachRemaining(outcomes::add);
    }
    return outcomes;
  }

  public static List<ParsedEvent> events(List<ParseOutcome> outcomes) {
    return outcomes.stream().map(ParsedEvent.class::cast).toList();
  }
}
