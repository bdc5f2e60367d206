package dev.tributary.flink;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.Source;
import dev.tributary.core.records.ParseOutcome;
import dev.tributary.core.records.ParsedEvent;
import dev.tributary.core.records.TextRowParser;
import dev.tributary.core.records.TimestampRange;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/** The example definitions and a prefix of the committed flights sample, for tests. */
public final class FlightsSample {
  private FlightsSample() {}

  public static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (!Files.isDirectory(dir.resolve("feature-defs"))) {
      dir = dir.getParent();
    }
    return dir;
  }

  public static FeatureRepository definitions() {
    return FeatureRepository.load(repositoryRoot().resolve("feature-defs"));
  }

  /**
   * A copy of the example definitions in {@code folder/feature-defs} for a test to change (a topic,
   * a feature), beside a link to the checkout's model repository, which the definitions name as
   * their sibling.
   */
  public static Path copyDefinitions(Path folder) throws IOException {
    Path original = repositoryRoot().resolve("feature-defs");
    Path copy = folder.resolve("feature-defs");
    Files.createDirectories(folder);
    Files.createSymbolicLink(
        folder.resolve("triton-models"), repositoryRoot().resolve("triton-models"));
    try (Stream<Path> files = Files.walk(original)) {
      for (Path file : files.sorted(Comparator.naturalOrder()).toList()) {
        Path target = copy.resolve(original.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
    return copy;
  }

  /**
   * The sample's flights scheduled before {@code dateExclusive} (ISO text compare), in event-time
   * order.
   */
  public static List<ParsedEvent> eventsScheduledBefore(Source flights, String dateExclusive) {
    TextRowParser parser = new TextRowParser(flights, TimestampRange.DEFAULT);
    List<ParsedEvent> events = new ArrayList<>();
    Path csv = flights.files().orElseThrow().path();
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(csv)), StandardCharsets.UTF_8))) {
      reader.readLine();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.compareTo(dateExclusive) >= 0) {
          break;
        }
        ParseOutcome outcome = parser.parse(line.split(",", -1));
        events.add((ParsedEvent) outcome);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    events.sort(Comparator.comparingLong(ParsedEvent::eventTime));
    return events;
  }
}
