package dev.tributary.core.rejection;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How many rejected records a batch job tolerates per input before it fails instead of committing
 * ({@code --max-rejected N|P%}): a count ({@code 250}), or a share of the records read ({@code
 * 1%}). A file in the wrong format (every line rejected) must not yield an almost empty table that
 * looks fine, while a few bad lines among millions should not stop a backfill.
 *
 * <p>Judged per input, so a small spine file in the wrong format fails the job even when the events
 * beside it are large and clean. At the limit is allowed; above it fails.
 *
 * @param count the most rejected records allowed, or -1 when the limit is a share
 * @param percent the largest share allowed, in percent of the records read, or -1 when the limit is
 *     a count
 */
public record RejectionLimit(long count, double percent) implements Serializable {

  /** 1 % of the records read: a few bad lines pass, a file in the wrong format does not. */
  public static final RejectionLimit DEFAULT = share(1);

  public RejectionLimit {
    if ((count < 0) == (percent < 0)) {
      throw new IllegalArgumentException("a rejection limit is either a count or a share");
    }
    if (percent > 100) {
      throw new IllegalArgumentException("a share of at most 100 %, got " + percent);
    }
  }

  public static RejectionLimit count(long count) {
    if (count < 0) {
      throw new IllegalArgumentException("a count of at least 0, got " + count);
    }
    return new RejectionLimit(count, -1);
  }

  public static RejectionLimit share(double percent) {
    if (!(percent >= 0)) {
      throw new IllegalArgumentException("a share of at least 0 %, got " + percent);
    }
    return new RejectionLimit(-1, percent);
  }

  /**
   * {@code N} (a count of records) or {@code P%} (a share of the records read, 0 to 100, decimals
   * allowed).
   *
   * @throws IllegalArgumentException saying what is accepted
   */
  public static RejectionLimit parse(String text) {
    String trimmed = text.strip();
    try {
      if (trimmed.endsWith("%")) {
        BigDecimal percent = new BigDecimal(trimmed.substring(0, trimmed.length() - 1).strip());
        if (percent.signum() >= 0 && percent.compareTo(BigDecimal.valueOf(100)) <= 0) {
          return share(percent.doubleValue());
        }
      } else {
        long count = Long.parseLong(trimmed);
        if (count >= 0) {
          return count(count);
        }
      }
    } catch (NumberFormatException notANumber) {
      // falls through to the message below
    }
    throw new IllegalArgumentException(
        "--max-rejected: expected a count of records such as 100, or a share of the records read "
            + "from 0% to 100% such as 1% or 0.5%, got '"
            + text
            + "'");
  }

  /** True when {@code rejected} of {@code read} records are within the limit. */
  public boolean allows(long rejected, long read) {
    if (count >= 0) {
      return rejected <= count;
    }
    // rejected / read <= percent / 100, without the rounding of a division
    return rejected * 100.0 <= percent * read;
  }

  /**
   * What is over the limit, input by input, or empty when every input is within it: {@code events
   * of flights: 20,000 of 20,110 records rejected (99.45 %), more than --max-rejected 1%}.
   */
  public Optional<String> exceededBy(RejectionTally tally) {
    StringBuilder over = new StringBuilder();
    for (Map.Entry<String, InputTally> input : tally.inputs().entrySet()) {
      InputTally counts = input.getValue();
      if (!allows(counts.rejected(), counts.read())) {
        if (over.length() > 0) {
          over.append("; ");
        }
        over.append(
            String.format(
                Locale.ROOT,
                "%s: %,d of %,d records rejected (%s), more than --max-rejected %s",
                input.getKey(),
                counts.rejected(),
                counts.read(),
                RejectionSummary.percent(counts.rejectedPercent()),
                this));
      }
    }
    return over.length() == 0 ? Optional.empty() : Optional.of(over.toString());
  }

  /** As the option is written: {@code 250} or {@code 1%}. */
  @Override
  public String toString() {
    return count >= 0
        ? Long.toString(count)
        : BigDecimal.valueOf(percent).stripTrailingZeros().toPlainString() + "%";
  }
}
