package dev.tributary.bench;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tributary.io.file.InputFixtures;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the JUnit harnesses here share: the opt-in switch and the full flights data set. */
public final class BenchmarkData {
  private BenchmarkData() {}

  /**
   * The 3 M flights (Parquet); skips the calling harness unless benchmarks are switched on ({@code
   * -Dtributary.benchmark=true}) and this machine has the file.
   */
  public static Path flights3mOrSkip() {
    assumeTrue(
        Boolean.getBoolean("tributary.benchmark"),
        "a benchmark: run with -Dtributary.benchmark=true");
    Path parquet = InputFixtures.flights3m();
    assumeTrue(
        Files.exists(parquet),
        "needs ../shared/data/flights-3m.parquet (development machines only)");
    return parquet;
  }
}
