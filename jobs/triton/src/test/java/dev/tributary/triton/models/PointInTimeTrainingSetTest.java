package dev.tributary.triton.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.defs.FeatureRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training rows of flight_delay from the real definitions: as of 2 hours before departure, nothing
 * later.
 */
class PointInTimeTrainingSetTest {

  private static final Path DEFINITIONS =
      Paths.get(System.getProperty("tributary.repo.root", "../..")).resolve("feature-defs");

  @TempDir Path dir;

  @Test
  void featuresAreTakenAsOfThePredictionTimeFromFlightsAlreadyDeparted() throws Exception {
    Path csv = dir.resolve("flights.csv");
    Files.writeString(
        csv,
        String.join(
            "\n",
            "date,delay,distance,origin,destination",
            "2001-01-02T09:30:00,10,300,AAA,BBB", // departed 09:40: before the as-of time 10:00
            "2001-01-02T09:55:00,20,300,AAA,CCC", // scheduled before 10:00 but departed 10:15: not
            // yet known
            "2001-01-02T11:00:00,0,300,AAA,BBB", // after the as-of time
            "2001-01-02T12:00:00,30,300,AAA,BBB", // the flight to predict: as of 10:00, late
            ""));
    PointInTimeTrainingSet rows =
        PointInTimeTrainingSet.build(FeatureRepository.load(DEFINITIONS), "flight_delay", csv);

    assertEquals(0, rows.rejected());
    List<String> names = rows.featureNames();
    assertEquals("origin_delays.mean_delay_1h", names.get(0), "models.yaml order");
    float[] target = rows.features()[3];
    assertEquals(10f, target[names.indexOf("origin_delays.mean_delay_1h")]);
    assertEquals(0f, target[names.indexOf("origin_delays.late_share_1h")]);
    assertEquals(1f, target[names.indexOf("origin_delays.flights_1h")]);
    assertEquals(
        10f,
        target[names.indexOf("route_delays.mean_delay_7d")],
        "only the AAA>BBB flight known by then");
    assertEquals(
        10f, target[names.indexOf("dest_delays.mean_delay_3h")], "flights to BBB known by 10:00");
    assertTrue(rows.labels()[3], "30 minutes late");
    assertFalse(rows.labels()[0]);
    assertEquals(Instant.parse("2001-01-02T10:00:00Z").toEpochMilli(), rows.predictionTimes()[3]);
    assertTrue(
        Float.isNaN(rows.features()[0][names.indexOf("origin_delays.mean_delay_1h")]),
        "nothing departed before the first flight's as-of time: an empty average is NaN");
  }
}
