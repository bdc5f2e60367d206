package dev.tributary.core.monitor.ab;

/** What an A/B test says so far. */
public enum Verdict {
  CONTROL_WINS,
  CANDIDATE_WINS,
  NOT_YET_DECIDABLE
}
