package dev.tributary.io.replay;

import dev.tributary.core.records.ParseOutcome;
import dev.tributary.core.records.ParsedEvent;
import dev.tributary.core.records.RecordRejection;
import dev.tributary.core.records.RowEncoder;
import dev.tributary.io.file.EventFileReader;
import dev.tributary.io.file.EventIterator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes a source's historical events from files to its Kafka topic as the JSON that {@link
 * dev.tributary.core.records.RecordParser} reads: the demo's and the benchmarks' event stream.
 *
 * <pre>
 *   EventFileReader -> rejections (counted, first few printed) / events
 *     -> keep from <= event time < to -> [EventTimeSorter, event-time order] -> limit
 *     -> ReplayPace (speed factor) -> [pauses: flush, Pause.at(instant)]
 *     -> KafkaProducer (key RowKey, value RowEncoder JSON)
 * </pre>
 *
 * <p>The producer is idempotent with {@code acks=all}, so a retried batch is never duplicated and
 * every event counted as published is on the broker; lz4 and 20 ms of lingering make batches of a
 * few hundred events. A failed send stops the replay with the broker's error.
 */
public final class EventReplayer {
  /** Rejection reasons printed as they are found; the rest are only counted. */
  static final int REJECTIONS_SHOWN = 10;

  private final EventFileReader files;
  private final String topic;
  private final Properties producerConfig;
  private final EventOrder order;
  private final double speed;
  private final long limit;
  private final long from;
  private final long to;
  private final int eventsInMemory;
  private final ReplayClock clock;
  private final ReplayProgress progress;
  private final Pauses pauses;
  private final Consumer<ParsedEvent> published;

  /**
   * What runs when the replay reaches an instant of event time: every event before it is on the
   * broker, none at or after it has been sent. A consumer can then wait for what those events cause
   * (the demo waits for Redis, then scores requests made from that instant on) before the replay
   * goes on.
   */
  @FunctionalInterface
  public interface Pause {
    void at(long instant) throws IOException, InterruptedException;
  }

  /** Instants {@code first + k * step} before {@code end}, and what runs at each. */
  private record Pauses(long first, long step, long end, Pause pause) {}

  private EventReplayer(Builder builder) {
    this.files = builder.files;
    this.topic =
        builder.topic != null ? builder.topic : builder.files.source().topic().orElseThrow();
    this.producerConfig = builder.producerConfig();
    this.order = builder.order;
    this.speed = builder.speed;
    this.limit = builder.limit;
    this.from = builder.from;
    this.to = builder.to;
    this.eventsInMemory = builder.eventsInMemory;
    this.clock = builder.clock;
    this.progress = new ReplayProgress(builder.progressOut, builder.clock, builder.interactive);
    this.pauses = builder.pauses;
    this.published = builder.published;
  }

  public static Builder builder() {
    return new Builder();
  }

  public String topic() {
    return topic;
  }

  /** Reads, orders and publishes; returns once Kafka has acknowledged every event. */
  public ReplaySummary run() throws IOException, InterruptedException {
    Selection selection = new Selection();
    try (EventIterator outcomes = files.open();
        EventTimeSorter sorter = new EventTimeSorter(files.source().schema(), eventsInMemory)) {
      Iterator<ParsedEvent> events = selection.filter(outcomes);
      long total = -1;
      if (order == EventOrder.EVENT_TIME) {
        events = sorter.sort(events);
        progress.finish("read", selection.read, -1, Long.MIN_VALUE);
        total = limit >= 0 ? Math.min(limit, selection.inRange) : selection.inRange;
      }
      return publish(events, total, selection);
    }
  }

  private ReplaySummary publish(Iterator<ParsedEvent> events, long total, Selection selection)
      throws IOException, InterruptedException {
    RowEncoder encoder = new RowEncoder(files.source().schema());
    ReplayPace pace = new ReplayPace(speed);
    AtomicLong acknowledged = new AtomicLong();
    AtomicReference<Exception> failure = new AtomicReference<>();
    long sent = 0;
    long first = Long.MIN_VALUE;
    long last = Long.MIN_VALUE;
    long started;
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
      requireTopic(producer);
      progress.restart();
      started = clock.nanoTime();
      long nextPause = pauses == null ? Long.MAX_VALUE : pauses.first();
      while ((limit < 0 || sent < limit) && events.hasNext()) {
        ParsedEvent event = events.next();
        nextPause = pauseBefore(event.eventTime(), nextPause, producer, failure);
        long wait = pace.nanosToWait(event.eventTime(), clock.nanoTime());
        if (wait > 0) {
          clock.sleep(wait);
        }
        String json = encoder.encode(event.row());
        send(producer, json, acknowledged, failure);
        published.accept(event);
        sent++;
        first = sent == 1 ? event.eventTime() : first;
        last = event.eventTime();
        progress.update("published", sent, total, last);
      }
      pauseBefore(Long.MAX_VALUE, nextPause, producer, failure);
      producer.flush();
      throwIfFailed(failure);
    }
    long publishNanos = clock.nanoTime() - started;
    progress.finish("published", acknowledged.get(), total, last);
    if (selection.rejected > REJECTIONS_SHOWN) {
      progress.message(
          (selection.rejected - REJECTIONS_SHOWN)
              + " more records rejected, "
              + selection.rejected
              + " in all");
    }
    return new ReplaySummary(
        acknowledged.get(),
        selection.rejected,
        selection.outsideRange,
        selection.firstRejections,
        first,
        last,
        publishNanos);
  }

  /**
   * Runs every pause at or before {@code eventTime} (all that are left for {@code Long.MAX_VALUE}),
   * each once the events before it are acknowledged; the next pause instant.
   */
  private long pauseBefore(
      long eventTime,
      long nextPause,
      KafkaProducer<String, String> producer,
      AtomicReference<Exception> failure)
      throws IOException, InterruptedException {
    while (pauses != null && nextPause <= eventTime && nextPause < pauses.end()) {
      producer.flush();
      throwIfFailed(failure);
      pauses.pause().at(nextPause);
      nextPause += pauses.step();
    }
    return nextPause;
  }

  private void send(
      KafkaProducer<String, String> producer,
      String json,
      AtomicLong acknowledged,
      AtomicReference<Exception> failure) {
    try {
      producer.send(
          new ProducerRecord<>(topic, RowKey.of(json), json),
          (metadata, error) -> {
            if (error != null) {
              failure.compareAndSet(null, error);
            } else {
              acknowledged.incrementAndGet();
            }
          });
    } catch (KafkaException refused) {
      failure.compareAndSet(null, refused);
    }
    throwIfFailed(failure);
  }

  /**
   * Fails fast, naming the topic and servers, instead of blocking on metadata of a topic that does
   * not exist.
   */
  private void requireTopic(KafkaProducer<String, String> producer) {
    try {
      producer.partitionsFor(topic);
    } catch (KafkaException e) {
      throw new IllegalStateException(
          "cannot publish to topic '"
              + topic
              + "' on "
              + producerConfig.getProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG)
              + ": "
              + e.getMessage()
              + " (create the topic, or check --bootstrap-servers)",
          e);
    }
  }

  private void throwIfFailed(AtomicReference<Exception> failure) {
    Exception error = failure.get();
    if (error != null) {
      throw new IllegalStateException(
          "Kafka refused an event for topic '" + topic + "': " + error.getMessage(), error);
    }
  }

  /** Counts rejections and out-of-range events on the way, and prints the first rejections. */
  private final class Selection {
    long read;
    long rejected;
    long outsideRange;
    long inRange;
    final List<String> firstRejections = new ArrayList<>();

    Iterator<ParsedEvent> filter(Iterator<ParseOutcome> outcomes) {
      return new Iterator<>() {
        private ParsedEvent next;

        @Override
        public boolean hasNext() {
          while (next == null && outcomes.hasNext()) {
            ParseOutcome outcome = outcomes.next();
            read++;
            if (outcome instanceof RecordRejection rejection) {
              rejected++;
              if (firstRejections.size() < REJECTIONS_SHOWN) {
                firstRejections.add(rejection.reason());
                progress.message("rejected: " + rejection.reason());
              }
            } else if (outcome instanceof ParsedEvent event) {
              if (event.eventTime() >= from && event.eventTime() < to) {
                inRange++;
                next = event;
              } else {
                outsideRange++;
              }
            }
            if (order == EventOrder.EVENT_TIME) {
              progress.update("read", read, -1, Long.MIN_VALUE);
            }
          }
          return next != null;
        }

        @Override
        public ParsedEvent next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          ParsedEvent event = next;
          next = null;
          return event;
        }
      };
    }
  }

  /** Options of a replay; {@link #build()} checks them together. */
  public static final class Builder {
    private EventFileReader files;
    private String bootstrapServers;
    private String topic;
    private final Properties extraProducerConfig = new Properties();
    private EventOrder order = EventOrder.EVENT_TIME;
    private double speed;
    private long limit = -1;
    private long from = Long.MIN_VALUE;
    private long to = Long.MAX_VALUE;
    private int eventsInMemory = 250_000;
    private ReplayClock clock = ReplayClock.SYSTEM;
    private PrintWriter progressOut = new PrintWriter(Writer.nullWriter());
    private boolean interactive;
    private Pauses pauses;
    private Consumer<ParsedEvent> published = event -> {};

    private Builder() {}

    /**
     * The files to publish, and through them the source (its schema and default topic). Required.
     */
    public Builder files(EventFileReader files) {
      this.files = files;
      return this;
    }

    /** Kafka's {@code bootstrap.servers}. Required. */
    public Builder bootstrapServers(String servers) {
      this.bootstrapServers = servers;
      return this;
    }

    /** The topic to publish to; default: the source's {@code topic}. */
    public Builder topic(String topic) {
      this.topic = topic;
      return this;
    }

    /** Extra producer settings (TLS, SASL, ...); they override the replay's defaults. */
    public Builder producerConfig(Properties config) {
      extraProducerConfig.putAll(config);
      return this;
    }

    /** Default {@link EventOrder#EVENT_TIME}. */
    public Builder order(EventOrder order) {
      this.order = order;
      return this;
    }

    /**
     * Event-time milliseconds per wall-clock millisecond ({@code 3600}: an hour a second); 0
     * (default) for as fast as possible.
     */
    public Builder speed(double speed) {
      this.speed = speed;
      return this;
    }

    /**
     * Publishes at most this many events (the first ones in the chosen order); negative (default)
     * for all.
     */
    public Builder limit(long limit) {
      this.limit = limit;
      return this;
    }

    /** Publishes only events with {@code from <= event time < to}, UTC epoch milliseconds. */
    public Builder eventTimeRange(long from, long to) {
      this.from = from;
      this.to = to;
      return this;
    }

    /**
     * Events held in memory while sorting by event time; more are spilled to sorted runs on disk.
     * Default 250,000.
     */
    public Builder eventsInMemory(int events) {
      this.eventsInMemory = events;
      return this;
    }

    public Builder clock(ReplayClock clock) {
      this.clock = clock;
      return this;
    }

    /** Where the progress line and rejection reasons go (stderr for the CLI); default nowhere. */
    public Builder progress(PrintWriter out, boolean interactive) {
      this.progressOut = out;
      this.interactive = interactive;
      return this;
    }

    /**
     * Pauses the replay at {@code first}, {@code first + step}, ... before {@code end}: before the
     * first event at or after each instant is sent (or after the last event), every event before it
     * is acknowledged by the broker and {@code pause} runs. Only with event-time order.
     */
    public Builder pauses(long first, long step, long end, Pause pause) {
      this.pauses = new Pauses(first, step, end, pause);
      return this;
    }

    /**
     * Called with each event as it is sent, in the order sent: a pause at B runs after every event
     * before B went to {@code listener}, so a consumer can follow what the topic holds (the demo
     * feeds its reference computation this way, without reading and sorting the files again).
     */
    public Builder onPublished(Consumer<ParsedEvent> listener) {
      this.published = listener;
      return this;
    }

    public EventReplayer build() {
      sanityCheck();
      return new EventReplayer(this);
    }

    private void sanityCheck() {
      if (files == null) {
        throw new IllegalArgumentException("no files to replay: call files(EventFileReader)");
      }
      if (bootstrapServers == null || bootstrapServers.isBlank()) {
        throw new IllegalArgumentException(
            "no Kafka to publish to: give bootstrap servers (host:port,...)");
      }
      if (topic == null && files.source().topic().isEmpty()) {
        throw new IllegalArgumentException(
            "source '" + files.source().name() + "' declares no topic: give one");
      }
      if (from >= to) {
        throw new IllegalArgumentException("empty event-time range: from must be before to");
      }
      if (!(speed >= 0) || Double.isInfinite(speed)) {
        throw new IllegalArgumentException(
            "speed must be a finite number >= 0 (0 = as fast as possible), got " + speed);
      }
      if (pauses != null && (pauses.step() < 1 || order != EventOrder.EVENT_TIME)) {
        throw new IllegalArgumentException(
            "pauses need a positive step and event-time order, got step " + pauses.step());
      }
      if (eventsInMemory < 1) {
        throw new IllegalArgumentException(
            "eventsInMemory must be positive, got " + eventsInMemory);
      }
    }

    private Properties producerConfig() {
      Properties config = new Properties();
      config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
      config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
      config.put(ProducerConfig.ACKS_CONFIG, "all");
      config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
      config.put(ProducerConfig.LINGER_MS_CONFIG, "20");
      config.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
      config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(TimeUnit.SECONDS.toMillis(30)));
      config.putAll(extraProducerConfig);
      return config;
    }
  }
}
