package dev.tributary.core.monitor.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.defs.AlertRule;
import dev.tributary.core.defs.DriftThresholds;
import dev.tributary.core.defs.ModelMonitoring;
import dev.tributary.core.monitor.WindowKey;
import dev.tributary.core.monitor.WritableState;
import dev.tributary.core.monitor.alert.Alert;
import dev.tributary.core.monitor.alert.AlertEvaluator;
import dev.tributary.core.window.Seeds;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ErrorWindowTest {
  private static final AlertEvaluator RULES =
      new AlertEvaluator(
          new ModelMonitoring(
              0.5,
              Duration.ofHours(6),
              100,
              DriftThresholds.DEFAULTS,
              List.of(new AlertRule(AlertRule.Kind.ERROR_RATE, 0.01, null))));
  private static final WindowKey HOUR = WindowKey.of(0).get(0);

  @Test
  void rateIsErrorsOverPredictionsPlusErrorsThroughBytesAndMerges() {
    Random random = new Random(Seeds.base());
    ErrorWindow merged = new ErrorWindow();
    long predictions = 0;
    long errors = 0;
    for (int part = 0; part < 4; part++) {
      ErrorWindow piece = new ErrorWindow();
      for (int i = 0; i < 250; i++) {
        boolean failed = random.nextInt(20) == 0;
        piece.add(failed ? RequestOutcome.deadLettered("1", i) : RequestOutcome.predicted("1", i));
        errors += failed ? 1 : 0;
        predictions += failed ? 0 : 1;
      }
      merged.merge(WritableState.fromBytes(piece.toBytes(), ErrorWindow::read));
    }
    assertEquals(predictions, merged.predictions());
    assertEquals(errors, merged.errors());
    assertEquals((double) errors / (predictions + errors), merged.errorRate(), 0.0);
    assertEquals(merged.errorRate(), merged.summary("m", "1", HOUR).errorRate(), 0.0);
  }

  @Test
  void theRuleFiresOnlyAboveItsThreshold() {
    assertEquals(List.of(), alerts(99, 1), "exactly 0.01 is not above 0.01");
    assertEquals(List.of(), alerts(0, 0), "no requests: silent");
    assertEquals(List.of(), alerts(1_000, 0));
    List<Alert> above = alerts(98, 1);
    assertEquals(1, above.size());
    assertEquals("error_rate", above.get(0).rule());
    assertEquals(1.0 / 99, above.get(0).observed(), 0.0);
    assertEquals(0.01, above.get(0).threshold(), 0.0);
    assertTrue(above.get(0).message().contains("error rate 0.0101"), above.get(0).message());
    assertEquals(1, alerts(0, 3).size(), "every request failed");
  }

  private static List<Alert> alerts(int predictions, int errors) {
    ErrorWindow window = new ErrorWindow();
    for (int i = 0; i < predictions; i++) {
      window.add(RequestOutcome.predicted("2", i));
    }
    for (int i = 0; i < errors; i++) {
      window.add(RequestOutcome.deadLettered("2", i));
    }
    return RULES.evaluate(window.summary("flight_delay", "2", HOUR));
  }
}
