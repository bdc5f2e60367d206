package dev.tributary.core.defs;

import java.io.Serializable;
import java.time.Duration;

/**
 * How far a stream's events may arrive out of order, and how late an event may still correct
 * values.
 *
 * @param maxOutOfOrderness the watermark trails the largest event time seen by this much
 * @param allowedLateness an event older than the watermark by at most this much still updates its
 *     tile and re-emits corrected values; older ones go to the dead-letter output
 * @param idleTimeout a partition without events for this long stops holding the watermark back
 */
public record Watermarks(Duration maxOutOfOrderness, Duration allowedLateness, Duration idleTimeout)
    implements Serializable {

  public static final Watermarks DEFAULT =
      new Watermarks(Duration.ofMinutes(1), Duration.ZERO, Duration.ofMinutes(1));
}
