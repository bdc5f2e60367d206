package dev.tributary.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * A flight of the example's sample, read with plain Java, independently of the product's readers:
 * what a test expects the jobs to have seen.
 *
 * @param date scheduled departure, read as UTC
 * @param delay departure delay in minutes
 */
record SampleFlight(
    LocalDateTime date, long delay, long distance, String origin, String destination) {

  /**
   * The flights whose event (departure: date + delay minutes) is before {@code end}, in file order:
   * what {@code replay --to end} publishes.
   */
  static List<SampleFlight> before(LocalDateTime end) throws IOException {
    Path sample = Checkout.exampleDefinitions().resolve("data/flights-sample.csv.gz");
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(sample)), StandardCharsets.UTF_8))) {
      return lines
          .lines()
          .skip(1)
          .map(line -> line.split(","))
          .map(
              f ->
                  new SampleFlight(
                      LocalDateTime.parse(f[0]),
                      Long.parseLong(f[1]),
                      Long.parseLong(f[2]),
                      f[3],
                      f[4]))
          .filter(flight -> flight.departure().isBefore(end))
          .toList();
    }
  }

  /** When the flight departed: its event time, and when its label (delay > 15) became known. */
  LocalDateTime departure() {
    return date.plusMinutes(delay);
  }

  /** The scheduled departure in UTC milliseconds. */
  long dateMillis() {
    return date.toInstant(ZoneOffset.UTC).toEpochMilli();
  }
}
