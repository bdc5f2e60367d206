package dev.tributary.io.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ReplayProgressTest {
  private static final long EVENT_TIME = 978_307_260_000L;

  @Test
  void showsABarWhenTheTotalIsKnown() {
    assertEquals(
        "[#########...............]  38%  1,140,000/3,000,000 events published  570,000/s  event time "
            + "2001-01-01T00:01:00Z",
        ReplayProgress.line("published", 1_140_000, 3_000_000, 2.0, EVENT_TIME));
    assertEquals(
        "[########################] 100%  5/5 events published  5/s  event time 2001-01-01T00:01:00Z",
        ReplayProgress.line("published", 5, 5, 1.0, EVENT_TIME));
  }

  @Test
  void showsCountsAloneWhenTheTotalIsUnknown() {
    assertEquals(
        "12,345 events read  0/s", ReplayProgress.line("read", 12_345, -1, 0, Long.MIN_VALUE));
  }

  @Test
  void redrawsInPlaceOnATerminalAtMostFiveTimesASecond() {
    StringWriter out = new StringWriter();
    long[] now = {0};
    ReplayClock clock =
        new ReplayClock() {
          @Override
          public long nanoTime() {
            return now[0];
          }

          @Override
          public void sleep(long nanos) {
            now[0] += nanos;
          }
        };
    ReplayProgress progress = new ReplayProgress(new PrintWriter(out), clock, true);
    now[0] = 100_000_000L;
    progress.update("read", 10, -1, Long.MIN_VALUE);
    assertEquals("", out.toString(), "too soon");
    now[0] = 1_000_000_000L;
    progress.update("read", 1000, -1, Long.MIN_VALUE);
    progress.finish("read", 1500, -1, Long.MIN_VALUE);
    assertEquals(
        "\r1,000 events read  1,000/s\r1,500 events read  1,500/s\n",
        out.toString().replace(System.lineSeparator(), "\n"));
  }
}
