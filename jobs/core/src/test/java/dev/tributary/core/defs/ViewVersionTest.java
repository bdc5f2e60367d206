package dev.tributary.core.defs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ViewVersionTest {
  private static final String DEFINITIONS =
      """
      entities:
        - name: airport
          keys: {airport: string}
      sources:
        - name: flights
          description: flights
          topic: flights
          schema: {date: timestamp, delay: long, origin: string}
          event_time: date + minutes(delay)
          watermark: {max_out_of_orderness: 5m}
      feature_views:
        - name: origin_delays
          description: delays
          entity: airport
          source: flights
          keys: {airport: origin}
          filter: delay > -60
          ttl: 2d
          online: true
          features:
            - {name: mean_delay_1h, aggregation: avg, input: delay, window: 1h}
            - {name: late_share_24h, aggregation: avg, input: delay > 15, window: 24h, hop: 1h}
      """;

  @TempDir Path folder;

  private String version(String definitions) throws IOException {
    Path dir = Files.createTempDirectory(folder, "defs");
    Files.writeString(dir.resolve("defs.yaml"), definitions);
    return FeatureRepository.load(dir).view("origin_delays").orElseThrow().version();
  }

  @Test
  void isPinnedSoThatItIsTheSameOnEveryMachineAndRun() throws IOException {
    // A change of this value means every deployed table and Redis key moves to a new version:
    // only ever update it together with a deliberate change of the canonical text.
    assertEquals("5375b7e2", version(DEFINITIONS));
    assertTrue(version(DEFINITIONS).matches("[0-9a-f]{8}"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "window: 1h}|window: 2h}",
        "hop: 1h}|hop: 2h}",
        "aggregation: avg, input: delay,|aggregation: max, input: delay,",
        "input: delay > 15|input: delay > 20",
        "event_time: date + minutes(delay)|event_time: date",
        "keys: {airport: origin}|keys: {airport: lower(origin)}",
        "filter: delay > -60|filter: delay > -30",
        "ttl: 2d|ttl: 3d",
        "name: mean_delay_1h|name: mean_delay_60m",
        "origin: string}|origin: string, tail: string}",
      })
  void changesWhenAValueAffectingFieldChanges(String from, String to) throws IOException {
    assertTrue(DEFINITIONS.contains(from), from);
    assertNotEquals(version(DEFINITIONS), version(DEFINITIONS.replace(from, to)));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "description: delays|description: how late flights leave",
        "description: flights|description: BTS data",
        "online: true|online: false",
        "topic: flights|topic: flights_v2",
        "watermark: {max_out_of_orderness: 5m}|watermark: {max_out_of_orderness: 1h, allowed_lateness: 1d}",
        "date + minutes(delay)|(date + (minutes(delay)))",
        "input: delay > 15|input: '  delay>15 '",
        "filter: delay > -60|filter: delay > (-60)",
      })
  void staysWhenOnlyPresentationOrOperationsChange(String from, String to) throws IOException {
    assertTrue(DEFINITIONS.contains(from), from);
    assertEquals(version(DEFINITIONS), version(DEFINITIONS.replace(from, to)));
  }
}
