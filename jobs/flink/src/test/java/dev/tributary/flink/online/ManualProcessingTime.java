package dev.tributary.flink.online;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.operators.ProcessingTimeService;

/**
 * Processing time that moves only when the test says so, firing due timers on the test's thread.
 */
final class ManualProcessingTime implements ProcessingTimeService {
  private final List<Timer> timers = new ArrayList<>();
  private long now;

  @Override
  public long getCurrentProcessingTime() {
    return now;
  }

  @Override
  public ScheduledFuture<?> registerTimer(long timestamp, ProcessingTimeCallback callback) {
    Timer timer = new Timer(timestamp, callback);
    timers.add(timer);
    return timer;
  }

  int pendingTimers() {
    return (int) timers.stream().filter(t -> !t.isDone()).count();
  }

  void advance(long millis) throws Exception {
    now += millis;
    for (Timer timer : List.copyOf(timers)) {
      if (timer.timestamp <= now && !timer.isDone()) {
        timers.remove(timer);
        timer.complete(null);
        timer.callback.onProcessingTime(now);
      }
    }
  }

  private static final class Timer extends CompletableFuture<Object>
      implements ScheduledFuture<Object> {
    final long timestamp;
    final ProcessingTimeCallback callback;

    Timer(long timestamp, ProcessingTimeCallback callback) {
      this.timestamp = timestamp;
      this.callback = callback;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return 0;
    }

    @Override
    public int compareTo(Delayed other) {
      return 0;
    }
  }
}
