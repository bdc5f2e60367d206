package dev.tributary.bench.materialize;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * A poor man's profiler for the benchmark: samples the stacks of Flink's task threads every few
 * milliseconds while a job runs and counts, per operator chain, how often it was running and which
 * frames were on top. Coarse (safepoint-biased, like any {@code getStackTrace} sampler) but enough
 * to say where the task threads spend their time, with no agent to install.
 */
final class StackSampler implements AutoCloseable {
  private static final Pattern TASK_THREAD = Pattern.compile(".* \\(\\d+/\\d+\\)#\\d+");

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final Map<String, Integer> samplesPerChain = new HashMap<>();
  private final Map<String, Integer> runnablePerChain = new HashMap<>();
  private final Map<String, Integer> topFrames = new HashMap<>();
  private final Map<String, Integer> tributaryFrames = new HashMap<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread sampler;
  private int rounds;

  StackSampler(long intervalMillis) {
    sampler =
        new Thread(
            () -> {
              while (running.get()) {
                sample();
                try {
                  Thread.sleep(intervalMillis);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "stack-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  private synchronized void sample() {
    rounds++;
    for (ThreadInfo info : threads.dumpAllThreads(false, false, 24)) {
      String name = info.getThreadName();
      // Task threads are named "<operator chain> (i/n)#attempt".
      if (!TASK_THREAD.matcher(name).matches()) {
        continue;
      }
      int subtask = name.lastIndexOf(" (");
      String chain = name.substring(0, subtask);
      samplesPerChain.merge(chain, 1, Integer::sum);
      StackTraceElement[] stack = info.getStackTrace();
      if (info.getThreadState() != Thread.State.RUNNABLE
          || stack.length == 0
          || isWaiting(stack[0])) {
        continue;
      }
      runnablePerChain.merge(chain, 1, Integer::sum);
      topFrames.merge(frame(stack[0]), 1, Integer::sum);
      for (StackTraceElement element : stack) {
        if (element.getClassName().startsWith("dev.tributary")) {
          tributaryFrames.merge(frame(element), 1, Integer::sum);
          break;
        }
      }
    }
  }

  /** Frames where a RUNNABLE thread is really blocked in native code (socket reads, epoll). */
  private static boolean isWaiting(StackTraceElement top) {
    String method = top.getClassName() + "." + top.getMethodName();
    return method.contains("epoll")
        || method.contains("EPoll")
        || method.startsWith("sun.nio.ch.Net.poll")
        || method.contains("socketRead")
        || method.contains("SocketDispatcher.read");
  }

  private static String frame(StackTraceElement element) {
    return element.getClassName() + "." + element.getMethodName();
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    sampler.interrupt();
    sampler.join();
  }

  /** Busy share per operator chain and the most frequent frames, for the benchmark's output. */
  synchronized String report(int frames) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            "  %d sampling rounds%n  busy share per task thread (RUNNABLE, not in a socket poll):%n",
            rounds));
    samplesPerChain.entrySet().stream()
        .sorted(Map.Entry.comparingByValue((a, b) -> b - a))
        .forEach(
            e ->
                out.append(
                    String.format(
                        "    %5.1f%%  %s%n",
                        100.0 * runnablePerChain.getOrDefault(e.getKey(), 0) / e.getValue(),
                        e.getKey())));
    append(out, "top frames of running task threads", topFrames, frames);
    append(out, "innermost Tributary frame of running task threads", tributaryFrames, frames);
    return out.toString();
  }

  private static void append(
      StringBuilder out, String title, Map<String, Integer> counts, int limit) {
    int total = counts.values().stream().mapToInt(Integer::intValue).sum();
    out.append("  ").append(title).append(" (").append(total).append(" samples):\n");
    counts.entrySet().stream()
        .sorted(Map.Entry.comparingByValue((a, b) -> b - a))
        .limit(limit)
        .forEach(
            e ->
                out.append(
                    String.format(
                        "    %5.1f%%  %s%n",
                        100.0 * e.getValue() / Math.max(1, total), e.getKey())));
  }
}
