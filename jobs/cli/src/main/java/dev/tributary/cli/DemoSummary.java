package dev.tributary.cli;

import dev.tributary.triton.models.FlightDelayPublisher;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * The demo's closing table: per model version what it was trained from and how it did on the
 * held-out days, then the serving-side figures (predictions, AUC with its interval, log loss, p99
 * latency, the A/B verdict, the most drifted features) as far as the jobs that produce them have
 * landed, the online/offline differences and the dead letters. Every number printed here was
 * measured or checked earlier in the run; a figure nobody computed is printed as skipped, with why.
 */
final class DemoSummary {
  private final PrintWriter out;

  DemoSummary(PrintWriter out) {
    this.out = out;
  }

  void print(String model, ModelsTrainCommand.Trained trained, DemoReport.Checked checked) {
    out.println();
    out.println(
        "| " + model + " | kind | trained on | held-out AUC | held-out log loss | served |");
    out.println("| --- | --- | --- | ---: | ---: | --- |");
    for (FlightDelayPublisher.Version v : trained.versions()) {
      out.printf(
          Locale.ROOT,
          "| version %d | %s | %,d rows, snapshot %d | %.3f | %.3f | %s |%n",
          v.version(),
          v.kind().name().toLowerCase(Locale.ROOT).replace('_', ' '),
          trained.rows(),
          trained.snapshotId(),
          v.metrics().get("auc_late"),
          v.metrics().get("log_loss"),
          "READY");
    }
    out.println();
    out.println(
        "Predictions, AUC with interval, log loss, p99 latency per version: "
            + DemoStory.SCORING_NOT_WIRED);
    out.println("A/B verdict and the three most drifted features: " + DemoStory.MONITORING_PENDING);
    out.printf(
        Locale.ROOT,
        "Online/offline differences: %d (%,d history entities and %,d Redis hashes against the"
            + " core)%n",
        checked.differences(),
        checked.entities(),
        checked.hashes());
    out.printf(Locale.ROOT, "Dead letters: %,d%n", checked.deadLetters());
    out.flush();
  }
}
