package dev.tributary.core.rejection;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The lines a batch command ends with, so that no rejected record goes unmentioned: per input, the
 * records read, used, not needed and rejected; the rejections by kind, most frequent first, each
 * with its first occurrence spelled out (file and line, or table, snapshot and row position); and
 * where the rejected records are.
 *
 * <pre>
 * events of flights: 20,110 records read: 20,000 used, 0 not needed, 110 rejected (0.55 %)
 *       14  field 'delay': expected long
 *           first: /data/mixed.csv line 37: field 'delay': expected long, got "late"
 *   ...
 * rejected records: ops.dead_letters where source = 'flights' and recorded_at = '2026-12-06T02:13:07.123Z'
 * </pre>
 */
public final class RejectionSummary {
  /** Kinds listed per input; the rest are summed up in one line. */
  public static final int KINDS_SHOWN = 10;

  private RejectionSummary() {}

  /**
   * @param tally what the job made of its inputs
   * @param whereRejected where the rejected records were written, as a reader finds them
   */
  public static String render(RejectionTally tally, String whereRejected) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, InputTally> input : tally.inputs().entrySet()) {
      InputTally counts = input.getValue();
      out.append(
          String.format(
              Locale.ROOT,
              "%s: %,d records read: %,d used, %,d not needed, %,d rejected (%s)%n",
              input.getKey(),
              counts.read(),
              counts.used(),
              counts.notNeeded(),
              counts.rejected(),
              percent(counts.rejectedPercent())));
      List<InputTally.Kind> kinds = counts.kinds();
      for (InputTally.Kind kind : kinds.subList(0, Math.min(KINDS_SHOWN, kinds.size()))) {
        out.append(String.format(Locale.ROOT, "  %,9d  %s%n", kind.count(), kind.kind()))
            .append(String.format(Locale.ROOT, "  %9s  first: %s%n", "", kind.firstReason()));
      }
      if (kinds.size() > KINDS_SHOWN) {
        long rest =
            kinds.subList(KINDS_SHOWN, kinds.size()).stream()
                .mapToLong(InputTally.Kind::count)
                .sum();
        out.append(
            String.format(
                Locale.ROOT, "  %,9d  of %d more kinds%n", rest, kinds.size() - KINDS_SHOWN));
      }
    }
    out.append(tally.rejected() == 0 ? "no record rejected" : "rejected records: " + whereRejected);
    return out.toString();
  }

  /** A share in percent as the summary shows it: {@code 0.55 %}, {@code < 0.01 %}, {@code 0 %}. */
  static String percent(double percent) {
    if (percent == 0) {
      return "0 %";
    }
    if (percent < 0.01) {
      return "< 0.01 %";
    }
    return String.format(Locale.ROOT, "%.2f %%", percent);
  }
}
