package dev.tributary.core.monitor.report;

import dev.tributary.core.monitor.ab.AbResult;
import dev.tributary.core.monitor.alert.Alert;
import dev.tributary.core.monitor.alert.WindowSummary;
import java.util.List;

/**
 * What the report shows about one model: its windows per version (usually hourly), the latest look
 * at its A/B test, the split history and the alerts raised. The monitor job writes the same results
 * to the {@code monitoring} tables; the report reads them back into this.
 *
 * @param abTest the latest look at the A/B test; null when the model has one version
 */
public record ModelReport(
    String model,
    long generatedAt,
    List<WindowSummary> windows,
    AbResult abTest,
    List<SplitChange> splits,
    List<Alert> alerts) {

  public ModelReport {
    windows = List.copyOf(windows);
    splits = List.copyOf(splits);
    alerts = List.copyOf(alerts);
  }
}
