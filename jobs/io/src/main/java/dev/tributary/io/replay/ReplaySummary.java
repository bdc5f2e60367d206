package dev.tributary.io.replay;

import dev.tributary.core.records.TimestampText;
import java.util.List;

/**
 * What a replay did.
 *
 * @param published events acknowledged by Kafka
 * @param rejected records of the files that failed validation (not published)
 * @param outsideRange valid events outside {@code --from}/{@code --to} (not published)
 * @param firstRejections the reasons of the first few rejections, with file and line
 * @param firstEventTime event time of the first published event, or {@link Long#MIN_VALUE} when
 *     none
 * @param lastEventTime event time of the last published event, or {@link Long#MIN_VALUE} when none
 * @param publishNanos wall time from the first send (once the producer is connected and the topic
 *     found) to the last acknowledgement and the producer's close
 */
public record ReplaySummary(
    long published,
    long rejected,
    long outsideRange,
    List<String> firstRejections,
    long firstEventTime,
    long lastEventTime,
    long publishNanos) {

  public ReplaySummary {
    firstRejections = List.copyOf(firstRejections);
  }

  /** Published events per second of wall time. */
  public double eventsPerSecond() {
    return publishNanos == 0 ? 0 : published * 1e9 / publishNanos;
  }

  @Override
  public String toString() {
    String span =
        published == 0
            ? ""
            : " from "
                + TimestampText.format(firstEventTime)
                + " to "
                + TimestampText.format(lastEventTime);
    return String.format(
        "published %,d events%s in %.1f s (%,.0f events/s); %,d rejected, %,d outside --from/--to",
        published, span, publishNanos / 1e9, eventsPerSecond(), rejected, outsideRange);
  }
}
