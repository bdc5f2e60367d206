package dev.tributary.bench.score;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The CPU time this JVM used between two wall-clock instants, from samples taken every 20 ms.
 *
 * <p>Why: on a shared machine requests/s moves with whatever else runs, while the CPU the process
 * spends per request moves much less; comparing both in one run tells a real saving from a quieter
 * minute. Everything of the benchmark but {@code redis-server} runs in this JVM (Kafka, Flink, the
 * inference server, the load generator), so the figure is the whole stack's CPU but Redis's.
 */
final class ProcessCpuClock implements AutoCloseable {
  private static final OperatingSystemMXBean OS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private final List<long[]> samples = new ArrayList<>();
  private final Thread sampler;

  ProcessCpuClock() {
    sampler = every(20, "process-cpu-clock", this::sample);
  }

  /** Runs {@code sample} every {@code millis} ms on a daemon thread until it is interrupted. */
  static Thread every(long millis, String name, Runnable sample) {
    Thread thread =
        new Thread(
            () -> {
              try {
                while (!Thread.currentThread().isInterrupted()) {
                  sample.run();
                  Thread.sleep(millis);
                }
              } catch (InterruptedException stop) {
                // closed
              }
            },
            name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /** The process's CPU time so far, ns. */
  static long cpuNanos() {
    return OS.getProcessCpuTime();
  }

  /**
   * The most resident memory this process has held since it started (VmHWM), MB: heap, the
   * MiniCluster's managed and network memory, Kafka's page cache is not in it.
   */
  static long peakResidentMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (IOException unreadable) {
      return -1;
    }
    return -1;
  }

  /** The machine's one-minute load average. */
  static double loadAverage() {
    return OS.getSystemLoadAverage();
  }

  private synchronized void sample() {
    samples.add(new long[] {System.currentTimeMillis(), cpuNanos()});
  }

  /** CPU ns the process used between two epoch-ms instants (linear between samples). */
  synchronized long cpuNanosBetween(long fromMillis, long toMillis) {
    return cpuAt(toMillis) - cpuAt(fromMillis);
  }

  private long cpuAt(long millis) {
    long[] before = samples.get(0);
    for (long[] sample : samples) {
      if (sample[0] > millis) {
        long span = Math.max(1, sample[0] - before[0]);
        return before[1] + (sample[1] - before[1]) * Math.max(0, millis - before[0]) / span;
      }
      before = sample;
    }
    return before[1];
  }

  @Override
  public void close() throws InterruptedException {
    sampler.interrupt();
    sampler.join();
  }
}
