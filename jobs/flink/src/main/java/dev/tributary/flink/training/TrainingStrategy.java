package dev.tributary.flink.training;

/** How a training set gets its feature values; both give the same values (see docs/batch.md). */
public enum TrainingStrategy {
  /** As-of join against the history tables: cheap when they exist. */
  HISTORY_JOIN,
  /** Recompute from the sources' raw events with the core: for views never materialized. */
  RECOMPUTE;

  public static TrainingStrategy parse(String text) {
    return switch (text.toLowerCase(java.util.Locale.ROOT).replace('_', '-')) {
      case "history-join", "history" -> HISTORY_JOIN;
      case "recompute" -> RECOMPUTE;
      default ->
          throw new IllegalArgumentException(
              "unknown training-set strategy '" + text + "': use history-join or recompute");
    };
  }
}
