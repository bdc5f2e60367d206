package dev.tributary.io.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.defs.FileInput;
import dev.tributary.core.defs.Source;
import dev.tributary.core.records.ParsedEvent;
import dev.tributary.core.records.RecordParser;
import dev.tributary.core.records.TimestampRange;
import dev.tributary.embedded.junit.KafkaExtension;
import dev.tributary.io.file.EventFileReader;
import dev.tributary.io.file.InputFixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Replays of the flights sample into the real in-process Kafka, consumed back and compared. */
class EventReplayerTest {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  private static final Source FLIGHTS = InputFixtures.flights();
  private static List<ParsedEvent> sample;

  @TempDir Path folder;

  @BeforeAll
  static void readSample() {
    sample = InputFixtures.events(InputFixtures.readAll(EventFileReader.of(FLIGHTS)));
  }

  private static List<ParsedEvent> inEventTimeOrder(List<ParsedEvent> events) {
    return events.stream().sorted(Comparator.comparingLong(ParsedEvent::eventTime)).toList();
  }

  /** Every record of the topic's single partition, parsed back as the materialize job will. */
  private static List<ParsedEvent> consume(String topic, long expected) {
    RecordParser parser = new RecordParser(FLIGHTS);
    List<ParsedEvent> events = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                KAFKA.bootstrapServers(),
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                10_000),
            new StringDeserializer(),
            new StringDeserializer())) {
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < deadline && events.size() < expected) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          assertEquals(RowKey.of(record.value()), record.key(), "key of " + record.value());
          events.add((ParsedEvent) parser.parse(record.value()));
        }
      }
      assertTrue(
          consumer.poll(Duration.ofMillis(500)).isEmpty(), "no more than the replayed events");
    }
    return events;
  }

  private static EventReplayer.Builder replay(String topic) {
    KAFKA.createTopic(topic, 1);
    return EventReplayer.builder()
        .files(EventFileReader.of(FLIGHTS))
        .bootstrapServers(KAFKA.bootstrapServers())
        .topic(topic);
  }

  @Test
  void publishesTheWholeSampleInEventTimeOrderThroughSpilledRuns() throws Exception {
    ReplaySummary summary = replay("flights-sorted").eventsInMemory(50_000).build().run();
    System.out.println("replay of the sample: " + summary);
    assertEquals(sample.size(), summary.published());
    assertEquals(0, summary.rejected());
    List<ParsedEvent> expected = inEventTimeOrder(sample);
    assertEquals(expected, consume("flights-sorted", sample.size()));
    assertEquals(expected.get(0).eventTime(), summary.firstEventTime());
    assertEquals(expected.get(expected.size() - 1).eventTime(), summary.lastEventTime());
  }

  @Test
  void publishesAPrefixInFileOrder() throws Exception {
    ReplaySummary summary =
        replay("flights-file-order").order(EventOrder.FILE).limit(5000).build().run();
    assertEquals(5000, summary.published());
    assertEquals(sample.subList(0, 5000), consume("flights-file-order", 5000));
  }

  @Test
  void publishesOnlyTheEventTimeRangeThenTheLimit() throws Exception {
    long from = Instant.parse("2001-01-03T00:00:00Z").toEpochMilli();
    long to = Instant.parse("2001-01-04T00:00:00Z").toEpochMilli();
    ReplaySummary summary =
        replay("flights-range").eventTimeRange(from, to).limit(1000).build().run();
    List<ParsedEvent> inRange =
        inEventTimeOrder(sample).stream()
            .filter(e -> e.eventTime() >= from && e.eventTime() < to)
            .toList();
    assertEquals(sample.size() - inRange.size(), summary.outsideRange());
    assertEquals(inRange.subList(0, 1000), consume("flights-range", 1000));
  }

  /**
   * At each pause the broker holds exactly the events before its instant, the pauses run in order
   * (those after the last event too), and the whole range is published once.
   */
  @Test
  void pausesAtEachStepWithEveryEarlierEventOnTheBrokerAndNoLaterOne() throws Exception {
    long from = Instant.parse("2001-01-03T00:00:00Z").toEpochMilli();
    long to = Instant.parse("2001-01-04T00:00:00Z").toEpochMilli();
    long step = Duration.ofHours(5).toMillis();
    List<Long> instants = new ArrayList<>();
    List<Long> onBroker = new ArrayList<>();
    TopicPartition partition = new TopicPartition("flights-paused", 0);
    try (KafkaConsumer<String, String> offsets =
        new KafkaConsumer<>(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()),
            new StringDeserializer(),
            new StringDeserializer())) {
      ReplaySummary summary =
          replay("flights-paused")
              .eventTimeRange(from, to)
              .pauses(
                  from + step / 2,
                  step,
                  to + 2 * step,
                  instant -> {
                    instants.add(instant);
                    onBroker.add(offsets.endOffsets(List.of(partition)).get(partition));
                  })
              .build()
              .run();
      assertEquals(
          List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L).stream()
              .map(k -> from + step / 2 + k * step)
              .toList(),
          instants);
      for (int i = 0; i < instants.size(); i++) {
        long instant = instants.get(i);
        long before =
            sample.stream()
                .filter(e -> e.eventTime() >= from && e.eventTime() < Math.min(instant, to))
                .count();
        assertEquals(before, onBroker.get(i), "at " + instant);
      }
      assertEquals(summary.published(), onBroker.get(onBroker.size() - 1));
    }
  }

  @Test
  void pacesEventsBySpeedFactorOfEventTime() throws Exception {
    long[] now = {0};
    long[] slept = {0};
    ReplayClock clock =
        new ReplayClock() {
          @Override
          public long nanoTime() {
            return now[0];
          }

          @Override
          public void sleep(long nanos) {
            now[0] += nanos;
            slept[0] += nanos;
          }
        };
    ReplaySummary summary =
        replay("flights-paced").speed(3600).limit(20_000).clock(clock).build().run();
    double eventHours = (summary.lastEventTime() - summary.firstEventTime()) / 3_600_000.0;
    assertEquals(eventHours, slept[0] / 1e9, 1e-6, "an hour of event time per second of wall time");
    assertEquals(20_000, consume("flights-paced", 20_000).size());
  }

  /**
   * The real clock really waits: ten minutes of a busy afternoon in event time at speed 300 take at
   * least two seconds of wall time. Only the lower bound is checked: a loaded machine makes the
   * replay slower, never faster, and the exact pacing is pinned with a fake clock above.
   */
  @Test
  void neverRunsAheadOfTheSpeedOnTheRealClock() throws Exception {
    long from = Instant.parse("2001-01-02T14:00:00Z").toEpochMilli();
    EventReplayer replayer =
        replay("flights-real-time").eventTimeRange(from, from + 600_000).speed(300).build();
    long started = System.nanoTime();
    ReplaySummary summary = replayer.run();
    double seconds = (System.nanoTime() - started) / 1e9;
    double expected = (summary.lastEventTime() - summary.firstEventTime()) / 300_000.0;
    assertTrue(summary.published() > 50, summary.toString());
    assertTrue(seconds >= expected * 0.95, "took " + seconds + " s for " + expected + " s of pace");
  }

  @Test
  void countsAndPrintsRejectedRecordsAndPublishesTheRest() throws Exception {
    Path file = folder.resolve("flights.csv");
    Files.writeString(
        file,
        """
        date,delay,distance,origin,destination
        2001-01-01T00:01:00,-13,2345,ANC,LAX
        2001-01-01T00:01:00,abc,215,ATL,SAV
        2001-01-01T00:01:00,18,406,ATL
        2001-01-01T00:01:00,33,2176,LAS,PHL
        """);
    StringWriter err = new StringWriter();
    KAFKA.createTopic("flights-rejects", 1);
    ReplaySummary summary =
        EventReplayer.builder()
            .files(new EventFileReader(FLIGHTS, new FileInput(file, "csv"), TimestampRange.DEFAULT))
            .bootstrapServers(KAFKA.bootstrapServers())
            .topic("flights-rejects")
            .progress(new PrintWriter(err), false)
            .build()
            .run();
    assertEquals(2, summary.published());
    assertEquals(2, summary.rejected());
    assertEquals(
        List.of(
            file + " line 3: field 'delay': expected long, got \"abc\"",
            file + " line 4: expected 5 fields as in the header, got 4"),
        summary.firstRejections());
    assertTrue(
        err.toString()
            .contains("rejected: " + file + " line 3: field 'delay': expected long, got \"abc\""),
        err.toString());
    assertTrue(err.toString().contains("2 events published"), err.toString());
    assertEquals(2, consume("flights-rejects", 2).size());
  }

  @Test
  void failsClearlyWhenNoBrokerAnswers() {
    Properties quick = new Properties();
    quick.put("max.block.ms", "1000");
    EventReplayer replayer =
        EventReplayer.builder()
            .files(EventFileReader.of(FLIGHTS))
            .bootstrapServers("127.0.0.1:1")
            .order(EventOrder.FILE)
            .producerConfig(quick)
            .build();
    IllegalStateException failure = assertThrows(IllegalStateException.class, replayer::run);
    assertTrue(
        failure.getMessage().startsWith("cannot publish to topic 'flights' on 127.0.0.1:1: "),
        failure.getMessage());
    assertTrue(
        failure.getMessage().endsWith("(create the topic, or check --bootstrap-servers)"),
        failure.getMessage());
  }
}
