package dev.tributary.core.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A small definitions folder tests edit line by line: entity {@code airport}, source {@code
 * flights} (topic {@code flights}), view {@code airport_delays} (online and offline, three 1-hour
 * features) and model {@code delay} reading two of them.
 */
public final class SmallDefinitions {
  private SmallDefinitions() {}

  public static void write(Path folder) throws IOException {
    Files.writeString(
        folder.resolve("entities.yaml"),
        """
        # an airport
        entities:

          - name: airport
            keys:
              airport: string
        """);
    Files.writeString(
        folder.resolve("sources.yaml"),
        """
        # flights
        sources:

          - name: flights
            topic: flights
            schema:
              date: timestamp
              delay: long
              distance: long
              origin: string
              destination: string
            event_time: date + minutes(delay)
        """);
    Files.writeString(
        folder.resolve("views.yaml"),
        """
        # delays
        feature_views:

          - name: airport_delays
            entity: airport
            source: flights
            keys:
              airport: origin
            ttl: 2d
            online: true
            offline: true
            features:
              - {name: flights_1h, aggregation: count, window: 1h}
              - {name: mean_delay_1h, aggregation: avg, input: delay, window: 1h}
              - {name: late_share_1h, aggregation: avg, input: delay > 15, window: 1h}
        """);
    Files.writeString(
        folder.resolve("models.yaml"),
        """
        models:
          - name: delay
            inputs:
              - airport_delays.mean_delay_1h
              - airport_delays.late_share_1h
            label:
              source: flights
              value: delay > 15
              join_on: [origin, destination, date]
              prediction_time: date - hours(2)
        """);
  }
}
