package dev.tributary.core.window;

/**
 * Seeds for randomized tests: {@code -Dtributary.seed=N} replays a failure (every failure message
 * prints the seed of its case, with {@link #replay}); otherwise a fresh base seed per run. Public,
 * and shipped in tributary-core's test-jar, so every module's randomized tests replay the same way.
 */
public final class Seeds {

  private Seeds() {}

  public static long base() {
    String fixed = System.getProperty("tributary.seed");
    return fixed != null ? Long.parseLong(fixed) : System.nanoTime();
  }

  /** "seed N (-Dtributary.seed=N)": what a failure message says to replay its case. */
  public static String replay(long seed) {
    return "seed " + seed + " (-Dtributary.seed=" + seed + ")";
  }
}
