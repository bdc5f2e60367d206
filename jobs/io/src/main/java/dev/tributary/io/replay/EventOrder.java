package dev.tributary.io.replay;

/** The order a replay publishes events in. */
public enum EventOrder {
  /**
   * By event time, ties in file order: what a well-behaved producer sends, so watermarks advance
   * smoothly and nothing is late. Needs the whole input read (and sorted on disk) before the first
   * send.
   */
  EVENT_TIME,
  /**
   * As the files hold them: starts at once and streams, and shows the job how out-of-order real
   * input is (the flights files are ordered by scheduled time, events happen at scheduled time plus
   * delay).
   */
  FILE
}
