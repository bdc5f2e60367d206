package dev.tributary.core.window;

/**
 * Seeds for randomized tests: {@code -Dtributary.seed=N} replays a failure (every failure message
 * prints the seed of its case); otherwise a fresh base seed per run.
 */
public final class Seeds {

  private Seeds() {}

  public static long base() {
    String fixed = System.getProperty("tributary.seed");
    return fixed != null ? Long.parseLong(fixed) : System.nanoTime();
  }
}
