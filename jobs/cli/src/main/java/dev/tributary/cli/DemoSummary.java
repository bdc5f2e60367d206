package dev.tributary.cli;

import dev.tributary.core.monitor.ab.AbResult;
import dev.tributary.core.monitor.drift.DriftResult;
import dev.tributary.core.monitor.quality.QualityResult;
import dev.tributary.triton.models.FlightDelayPublisher;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The demo's closing table: per model version what it was trained from and its held-out AUC, then
 * what it did serving (predictions, AUC with its 95% DeLong interval, log loss, p99 latency, PSI of
 * its scores against its held-out scores); the A/B verdict; the three most drifted input features;
 * the online/offline differences; the dead letters. Every figure was measured or checked earlier in
 * the run; one that the monitor job does not compute yet ({@link MonitoringResults} holds none) is
 * printed as '-'.
 */
final class DemoSummary {
  static final String NOT_COMPUTED = "-";

  private final PrintWriter out;

  DemoSummary(PrintWriter out) {
    this.out = out;
  }

  void print(
      String model,
      ModelsTrainCommand.Trained trained,
      MonitoringResults results,
      DemoReport.Checked checked,
      long consistencyDifferences,
      long deadLetters) {
    out.println();
    out.println(
        "| "
            + model
            + " | trained on | held-out AUC | predictions | AUC (95% CI) | log loss | p99 latency"
            + " | score PSI |");
    out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (FlightDelayPublisher.Version v : trained.versions()) {
      MonitoringResults.Version served =
          results.versions().stream()
              .filter(r -> r.version().equals(Long.toString(v.version())))
              .findFirst()
              .orElse(null);
      QualityResult quality = served == null ? null : served.quality();
      out.printf(
          Locale.ROOT,
          "| version %d (%s) | %,d rows, snapshot %d | %.3f | %s | %s | %s | %s | %s |%n",
          v.version(),
          v.kind().name().toLowerCase(Locale.ROOT).replace('_', ' '),
          trained.rows(),
          trained.snapshotId(),
          v.metrics().get("auc_late"),
          served == null ? "0" : String.format(Locale.ROOT, "%,d", served.predictions()),
          quality == null
              ? NOT_COMPUTED
              : String.format(
                  Locale.ROOT,
                  "%.3f [%.3f, %.3f]",
                  quality.auc(),
                  quality.auc() - 1.96 * quality.aucStandardError(),
                  quality.auc() + 1.96 * quality.aucStandardError()),
          quality == null ? NOT_COMPUTED : String.format(Locale.ROOT, "%.3f", quality.logLoss()),
          served == null || served.latency() == null
              ? NOT_COMPUTED
              : String.format(Locale.ROOT, "%.1f ms", served.latency().p99() / 1000.0),
          served == null || served.scoreDrift() == null
              ? NOT_COMPUTED
              : String.format(Locale.ROOT, "%.3f", served.scoreDrift().psi()));
    }
    out.println();
    out.println("A/B verdict: " + verdict(results.abTest()));
    out.println("Most drifted input features (PSI): " + drifted(results.drift()));
    out.printf(
        Locale.ROOT,
        "Online/offline differences: %d (%,d history entities and %,d Redis records against the"
            + " core; %d logged feature values differ from the training-set job's)%n",
        checked.differences() + consistencyDifferences,
        checked.entities(),
        checked.hashes(),
        consistencyDifferences);
    out.printf(Locale.ROOT, "Dead letters: %,d (ops.dead_letters)%n", deadLetters);
    out.flush();
  }

  private static String verdict(AbResult ab) {
    return ab == null ? NOT_COMPUTED : ab.verdict() + ": " + ab.reason();
  }

  private static String drifted(List<DriftResult> drift) {
    if (drift.isEmpty()) {
      return NOT_COMPUTED;
    }
    return drift.stream()
        .sorted(Comparator.comparingDouble(DriftResult::psi).reversed())
        .limit(3)
        .map(d -> String.format(Locale.ROOT, "%s %.3f", d.feature(), d.psi()))
        .collect(Collectors.joining(", "));
  }
}
