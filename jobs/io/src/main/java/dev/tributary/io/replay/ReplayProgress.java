package dev.tributary.io.replay;

import dev.tributary.core.records.TimestampText;
import java.io.PrintWriter;

/**
 * The progress line of a replay on stderr: events, events per second, and how far in event time it
 * is, with a bar when the total is known. On a terminal the line redraws in place a few times a
 * second; into a file or a CI log it prints a new line every ten seconds instead, so logs stay
 * short.
 */
final class ReplayProgress {
  private static final int BAR_WIDTH = 24;

  private final PrintWriter out;
  private final ReplayClock clock;
  private final boolean interactive;
  private final long intervalNanos;
  private long startNanos;
  private long lastPrintNanos;
  private int lastWidth;

  ReplayProgress(PrintWriter out, ReplayClock clock, boolean interactive) {
    this.out = out;
    this.clock = clock;
    this.interactive = interactive;
    this.intervalNanos = interactive ? 200_000_000L : 10_000_000_000L;
    restart();
  }

  /** Starts a new phase: rates count from now. */
  void restart() {
    startNanos = clock.nanoTime();
    lastPrintNanos = startNanos;
  }

  /** Prints if enough time has passed since the last print. */
  void update(String phase, long events, long total, long eventTime) {
    long now = clock.nanoTime();
    if (now - lastPrintNanos >= intervalNanos) {
      lastPrintNanos = now;
      print(line(phase, events, total, (now - startNanos) / 1e9, eventTime), false);
    }
  }

  /** Prints the phase's final line and ends it. */
  void finish(String phase, long events, long total, long eventTime) {
    print(line(phase, events, total, (clock.nanoTime() - startNanos) / 1e9, eventTime), true);
  }

  /** Prints a message on its own line, for example a rejection reason. */
  void message(String text) {
    if (interactive && lastWidth > 0) {
      out.print("\r" + " ".repeat(lastWidth) + "\r");
      lastWidth = 0;
    }
    out.println(text);
    out.flush();
  }

  private void print(String line, boolean last) {
    if (interactive) {
      out.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
      lastWidth = last ? 0 : line.length();
      if (last) {
        out.println();
      }
    } else {
      out.println(line);
    }
    out.flush();
  }

  /**
   * One progress line: {@code [#########...............] 38% 1,140,000/3,000,000 events published
   * 412,345/s event time 2001-03-09T11:02:00Z}.
   *
   * @param total the number of events expected, or a negative number when unknown
   * @param eventTime the newest event time, or {@link Long#MIN_VALUE} before any
   */
  static String line(String phase, long events, long total, double seconds, long eventTime) {
    StringBuilder line = new StringBuilder();
    if (total > 0) {
      int filled = (int) Math.min(BAR_WIDTH, events * BAR_WIDTH / total);
      line.append('[')
          .append("#".repeat(filled))
          .append(".".repeat(BAR_WIDTH - filled))
          .append(']')
          .append(String.format(" %3d%%  %,d/%,d", events * 100 / total, events, total));
    } else {
      line.append(String.format("%,d", events));
    }
    line.append(" events ").append(phase);
    line.append(String.format("  %,.0f/s", seconds > 0 ? events / seconds : 0.0));
    if (eventTime != Long.MIN_VALUE) {
      line.append("  event time ").append(TimestampText.format(eventTime));
    }
    return line.toString();
  }
}
