package dev.tributary.bench.serve;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU time another process has used, user plus system, from Linux's {@code /proc/PID/stat}
 * (fields 14 and 15, in clock ticks of 10 ms: {@code CLK_TCK} is 100 on Linux).
 */
final class ProcessCpu {
  private static final long MICROS_PER_TICK = 10_000;

  private final Path stat;

  ProcessCpu(long pid) {
    this.stat = Path.of("/proc", String.valueOf(pid), "stat");
  }

  long cpuMicros() {
    String line;
    try {
      line = Files.readString(stat);
    } catch (IOException unreadable) {
      throw new UncheckedIOException("cannot read " + stat + " (Linux only)", unreadable);
    }
    // The command name (field 2) is in parentheses and may hold spaces: count from its end.
    String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * MICROS_PER_TICK;
  }
}
