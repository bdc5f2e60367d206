package dev.tributary.bench.training;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * DuckDB run in a JVM process of its own, so that its memory can be measured: DuckDB allocates
 * natively, outside the Java heap, and in the benchmark's own process its peak would hide among
 * Flink's. The parent sends phases of SQL on standard input; for each, the child resets its peak
 * resident set ({@code /proc/self/clear_refs}), runs the statements and reports the wall time, the
 * rows of a result table, the process's peak resident set during the phase (the child's JVM, with a
 * small heap, included) and what DuckDB's own accounting ({@code duckdb_memory()}) holds after it.
 */
final class DuckDbProcess {
  /** SQL statements run in order; {@code countTable} is the table whose rows are reported. */
  record Phase(String name, List<String> statements, String countTable) {}

  /**
   * What a phase took; the first one, "start", is the process with DuckDB loaded and nothing run.
   */
  record Measured(
      String name, double seconds, double cpuSeconds, long rows, long peakRssMb, long duckDbMb) {
    @Override
    public String toString() {
      return String.format(
          "%s: %.1f s, %.1f s of CPU, %,d rows, process peak RSS %,d MB, duckdb_memory() after %,d MB",
          name, seconds, cpuSeconds, rows, peakRssMb, duckDbMb);
    }
  }

  private DuckDbProcess() {}

  /** Runs the phases in a new process with {@code threads} DuckDB threads. */
  static List<Measured> run(List<Phase> phases, int threads)
      throws IOException, InterruptedException {
    String classPath =
        location(DuckDbProcess.class)
            + java.io.File.pathSeparator
            + location(org.duckdb.DuckDBDriver.class);
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                classPath,
                DuckDbProcess.class.getName(),
                Integer.toString(threads))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    try (PrintWriter in = new PrintWriter(child.outputWriter(StandardCharsets.UTF_8))) {
      for (Phase phase : phases) {
        in.println("PHASE\t" + phase.name());
        phase.statements().forEach(sql -> in.println("SQL\t" + sql));
        in.println("COUNT\t" + phase.countTable());
      }
    }
    List<Measured> measured = new ArrayList<>();
    try (BufferedReader out = child.inputReader(StandardCharsets.UTF_8)) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        String[] f = line.split("\t");
        measured.add(
            new Measured(
                f[0],
                Double.parseDouble(f[1]),
                Double.parseDouble(f[2]),
                Long.parseLong(f[3]),
                Long.parseLong(f[4]),
                Long.parseLong(f[5])));
      }
    }
    if (child.waitFor() != 0 || measured.size() != phases.size() + 1) {
      throw new IllegalStateException(
          "DuckDB process failed (exit " + child.exitValue() + ") after " + measured);
    }
    return measured;
  }

  public static void main(String[] args) throws Exception {
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement sql = duck.createStatement();
        BufferedReader in =
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      sql.execute("SET threads = " + Integer.parseInt(args[0]));
      report("start", System.nanoTime(), processCpuNanos(), 0, sql);
      String name = null;
      long started = 0;
      long cpuStarted = 0;
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] command = line.split("\t", 2);
        switch (command[0]) {
          case "PHASE" -> {
            name = command[1];
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            started = System.nanoTime();
            cpuStarted = processCpuNanos();
          }
          case "SQL" -> sql.execute(command[1]);
          case "COUNT" -> report(name, started, cpuStarted, count(sql, command[1]), sql);
          default -> throw new IllegalArgumentException("unknown command: " + line);
        }
      }
    }
  }

  private static void report(String name, long started, long cpuStarted, long rows, Statement sql)
      throws IOException, SQLException {
    double seconds = (System.nanoTime() - started) / 1e9;
    double cpuSeconds = (processCpuNanos() - cpuStarted) / 1e9;
    long duckDb;
    try (ResultSet memory =
        sql.executeQuery("SELECT coalesce(sum(memory_usage_bytes), 0) FROM duckdb_memory()")) {
      memory.next();
      duckDb = memory.getLong(1);
    }
    System.out.println(
        name
            + "\t"
            + seconds
            + "\t"
            + cpuSeconds
            + "\t"
            + rows
            + "\t"
            + (peakRssKb() >> 10)
            + "\t"
            + (duckDb >> 20));
    System.out.flush();
  }

  private static long count(Statement sql, String table) throws SQLException {
    try (ResultSet result = sql.executeQuery("SELECT count(*) FROM " + table)) {
      result.next();
      return result.getLong(1);
    }
  }

  /**
   * The CPU time of this process (in the benchmark's, the MiniCluster's threads included): on the
   * shared machine a phase's wall time moves with the load, its CPU time much less.
   */
  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** The process's peak resident set since the last reset (VmHWM), in kB. */
  static long peakRssKb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no VmHWM in /proc/self/status");
  }

  private static String location(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
