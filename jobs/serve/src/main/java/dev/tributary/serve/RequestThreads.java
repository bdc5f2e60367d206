package dev.tributary.serve;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many threads may run requests at once, per protocol: a fixed number sized to the cores,
 * instead of Jetty's pool of up to 250 threads and grpc-java's unbounded cached executor. A
 * request's work is CPU (parse, encode) around one blocking Redis round trip, so a few threads per
 * core keep the cores busy; more only share the same cores in time slices, which stretches every
 * request in flight (the tail) and adds threads for the scheduler, while the requests past them
 * wait their turn in a queue instead (first come, first served). Twice the cores, and at least 4,
 * matches what the Redis client's pool (8 connections by default) can serve at once on a small
 * machine.
 */
public final class RequestThreads {
  /** Threads that handle requests, per protocol. */
  public static final int HANDLERS = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

  private RequestThreads() {}

  /** A fixed pool of {@link #HANDLERS} daemon threads named {@code prefix-N}. */
  public static ExecutorService pool(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return Executors.newFixedThreadPool(
        HANDLERS,
        task -> {
          Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
  }
}
