package dev.tributary.bench.score;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The CPU time of this JVM's threads between two wall-clock instants, summed by role (Kafka broker,
 * gRPC, the job's task threads, ...), from snapshots of every thread's CPU time taken every 100 ms.
 *
 * <p>Why: the process's CPU per request says how much the job costs, not where; a profiler's
 * execution samples are too few on a loaded machine (a few hundred in a 15-second run). Thread CPU
 * time is exact per thread, and the threads of the stack are named by what they do. Threads started
 * inside a window count from zero; threads that ended count up to their last snapshot. What no Java
 * thread accounts for (garbage collection, the JIT compilers, native threads of ONNX Runtime) is
 * the process's CPU minus the Java threads' sum, {@link #NOT_JAVA}.
 */
final class ThreadCpuClock implements AutoCloseable {
  static final String NOT_JAVA = "GC, JIT compilers, native threads (process minus Java threads)";

  /** Roles by thread name, first match wins; names of Flink task threads start with the chain. */
  private static final Map<String, Pattern> ROLES = new LinkedHashMap<>();

  static {
    role("Kafka producers of the transactional sinks", "kafka-producer-network-thread.*");
    role(
        "Kafka consumers (source fetchers, heartbeats)",
        "(Source Data Fetcher|kafka-coordinator).*");
    role(
        "Kafka broker",
        "(data-plane-kafka|kafka-|quorum-controller|broker-|controller-|TxnMarkerSender"
            + "|ExpirationReaper|LogCleaner|group-coordinator|transaction-|share-|raft-|metadata-)"
            + ".*");
    role("task: request source, JSON parse", "Source: kafka (bench|requests).*");
    role("task: route + micro-batch (and the sink chain if chained)", "route by.*");
    role("task: micro-batch, features + Triton, prediction log writers", "micro-batch.*");
    role("Redis lookups, input rows (score-feature-lookups)", "score-feature-lookups.*");
    role("gRPC client and local server, ONNX Runtime calls", "(grpc-|dynamic-batcher).*");
    role("Iceberg committers", "(.*IcebergFilesCommitter.*|iceberg-worker-pool.*)");
    role("other Flink tasks (dead letters, served predictions)", "(Source: |dead-letters).*");
    role(
        "Flink runtime (RPC, timers, checkpoints, async I/O)",
        "(AsyncOperations|Checkpoint|flink-|Flink-|jobmanager|pekko|OutputFlusher|Time Trigger"
            + "|Timer|mini-cluster|Async ).*");
    role("other Java threads", ".*");
  }

  private static void role(String name, String regex) {
    ROLES.put(name, Pattern.compile(regex));
  }

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** Per thread id: its name and its CPU-time snapshots as {time ms, cpu ns}. */
  private final Map<Long, String> names = new HashMap<>();

  private final Map<Long, List<long[]>> samples = new HashMap<>();
  private final ProcessCpuClock process;
  private final Thread sampler;

  ThreadCpuClock(ProcessCpuClock process) {
    this.process = process;
    sampler = ProcessCpuClock.every(100, "thread-cpu-clock", this::sample);
  }

  private synchronized void sample() {
    long now = System.currentTimeMillis();
    for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      long cpu = THREADS.getThreadCpuTime(info.getThreadId());
      if (cpu >= 0) {
        names.put(info.getThreadId(), info.getThreadName());
        samples
            .computeIfAbsent(info.getThreadId(), id -> new ArrayList<>())
            .add(new long[] {now, cpu});
      }
    }
  }

  /** CPU ns by role between two epoch-ms instants, with {@link #NOT_JAVA}; roles in order. */
  synchronized Map<String, Long> cpuNanosByRole(long fromMillis, long toMillis) {
    Map<String, Long> byRole = new LinkedHashMap<>();
    ROLES.keySet().forEach(role -> byRole.put(role, 0L));
    long java = 0;
    for (Map.Entry<Long, List<long[]>> thread : samples.entrySet()) {
      long used = cpuAt(thread.getValue(), toMillis) - cpuAt(thread.getValue(), fromMillis);
      if (used <= 0) {
        continue;
      }
      java += used;
      String name = names.get(thread.getKey());
      for (Map.Entry<String, Pattern> role : ROLES.entrySet()) {
        if (role.getValue().matcher(name).matches()) {
          byRole.merge(role.getKey(), used, Long::sum);
          break;
        }
      }
    }
    byRole.put(NOT_JAVA, Math.max(0, process.cpuNanosBetween(fromMillis, toMillis) - java));
    return byRole;
  }

  /** A thread's CPU time at {@code millis}: 0 before its first snapshot, its last after its end. */
  private static long cpuAt(List<long[]> snapshots, long millis) {
    long at = 0;
    for (long[] snapshot : snapshots) {
      if (snapshot[0] > millis) {
        break;
      }
      at = snapshot[1];
    }
    return at;
  }

  @Override
  public void close() throws InterruptedException {
    sampler.interrupt();
    sampler.join();
  }
}
