package dev.tributary.embedded;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;

/**
 * The scenario of a new user's first backfill over a file with bad lines in it: the first good
 * flights of the committed sample ({@code feature-defs/data/flights-sample.csv.gz}) in a clean CSV
 * file, and the same flights with malformed lines mixed in at random places in a second one. Each
 * malformed line is a good flight with one defect, of one of eight {@link Defect}s, and is listed
 * with its line number and the reason a reader must give for it, written out here by hand rather
 * than computed by the product's parser, so that tests compare the product against an independent
 * statement of what is wrong.
 *
 * <pre>{@code
 * MixedFlights files = MixedFlights.write(sample, folder, 20_000, 110, seed);
 * files.clean();    // header + 20,000 flights
 * files.mixed();    // header + the same 20,000 flights in the same order + 110 bad lines
 * files.bad();      // per bad line: its number in mixed.csv, its defect, the expected problem
 * }</pre>
 */
public record MixedFlights(Path clean, Path mixed, List<BadLine> bad) {

  /** The CSV header of the flights sample and of both files. */
  public static final String HEADER = "date,delay,distance,origin,destination";

  /** What is wrong with a malformed line, and the problem text every job must report for it. */
  public enum Defect {
    TEXT_IN_DELAY(f -> with(f, 1, "late"), f -> "field 'delay': expected long, got \"late\""),
    EMPTY_ORIGIN(f -> with(f, 3, ""), f -> "field 'origin': missing (empty)"),
    MISSING_COLUMN(
        f -> String.join(",", f[0], f[1], f[2], f[3]),
        f -> "expected 5 fields as in the header, got 4"),
    EXTRA_COLUMN(
        f -> String.join(",", f) + ",N42", f -> "expected 5 fields as in the header, got 6"),
    UNTERMINATED_QUOTE(
        f -> with(f, 3, "\"" + f[3]), f -> "field 4 opens a quote that is not closed on this line"),
    IMPOSSIBLE_DATE(
        f -> with(f, 0, "2001-02-30" + f[0].substring(10)),
        f ->
            "field 'date': expected a timestamp (ISO-8601 like 2001-01-01T00:01:00Z, or epoch"
                + " milliseconds), got \"2001-02-30"
                + f[0].substring(10)
                + "\""),
    NUMBER_BEYOND_LONG(
        f -> with(f, 1, "92233720368547758070"),
        f -> "field 'delay': 92233720368547758070 is out of range for long"),
    CONTROL_BYTES(
        f -> with(f, 1, "\u0000\u0007" + f[1]),
        f -> "field 'delay': expected long, got \"\\u0000\\u0007" + f[1] + "\"");

    private final Function<String[], String> line;
    private final Function<String[], String> problem;

    Defect(Function<String[], String> line, Function<String[], String> problem) {
      this.line = line;
      this.problem = problem;
    }

    private static String with(String[] fields, int index, String value) {
      String[] copy = fields.clone();
      copy[index] = value;
      return String.join(",", copy);
    }
  }

  /**
   * One malformed line of the mixed file.
   *
   * @param lineNumber its line number in the mixed file, counting the header as line 1
   * @param defect what is wrong with it
   * @param text the line as written
   * @param problem the reason a reader gives for it, without the file and line in front
   */
  public record BadLine(long lineNumber, Defect defect, String text, String problem) {}

  /**
   * Writes {@code clean.csv} and {@code mixed.csv} into {@code folder}.
   *
   * @param sample the gzipped flights sample, ordered by date
   * @param good how many of its first flights both files hold
   * @param bad how many malformed lines the mixed file holds besides, the defects taking turns so
   *     that each occurs {@code bad / 8} or one more times
   * @param seed where the bad lines go and which flights they are made from
   */
  public static MixedFlights write(Path sample, Path folder, int good, int bad, long seed) {
    List<String> flights = firstFlights(sample, good);
    Random random = new Random(seed);
    List<Integer> slots = new ArrayList<>();
    for (int i = 0; i < bad; i++) {
      slots.add(random.nextInt(good + 1));
    }
    Collections.sort(slots);
    Defect[] defects = Defect.values();
    Path clean = folder.resolve("clean.csv");
    Path mixed = folder.resolve("mixed.csv");
    List<BadLine> badLines = new ArrayList<>();
    try (Writer cleanOut = Files.newBufferedWriter(clean, StandardCharsets.UTF_8);
        Writer mixedOut = Files.newBufferedWriter(mixed, StandardCharsets.UTF_8)) {
      cleanOut.write(HEADER + "\n");
      mixedOut.write(HEADER + "\n");
      long lineNumber = 1;
      int next = 0;
      for (int i = 0; i <= good; i++) {
        while (next < slots.size() && slots.get(next) == i) {
          String[] fields = flights.get(Math.min(i, good - 1)).split(",", -1);
          Defect defect = defects[next % defects.length];
          String text = defect.line.apply(fields);
          mixedOut.write(text + "\n");
          badLines.add(new BadLine(++lineNumber, defect, text, defect.problem.apply(fields)));
          next++;
        }
        if (i < good) {
          cleanOut.write(flights.get(i) + "\n");
          mixedOut.write(flights.get(i) + "\n");
          lineNumber++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the flights files in " + folder, e);
    }
    return new MixedFlights(clean, mixed, List.copyOf(badLines));
  }

  private static List<String> firstFlights(Path sample, int count) {
    List<String> flights = new ArrayList<>(count);
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(sample)), StandardCharsets.UTF_8))) {
      if (!HEADER.equals(in.readLine())) {
        throw new IllegalArgumentException(sample + " does not start with " + HEADER);
      }
      for (String line = in.readLine();
          line != null && flights.size() < count;
          line = in.readLine()) {
        flights.add(line);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + sample, e);
    }
    if (flights.size() < count) {
      throw new IllegalArgumentException(sample + " holds fewer than " + count + " flights");
    }
    return flights;
  }
}
