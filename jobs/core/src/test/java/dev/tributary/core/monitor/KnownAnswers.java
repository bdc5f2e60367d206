package dev.tributary.core.monitor;

import dev.tributary.core.monitor.quality.QualityState;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The inputs and expected values of {@code monitor/known-answers.txt}, made by {@code
 * monitor/known_answers.py} with numpy and scipy: lines {@code name: value value ...}.
 */
public final class KnownAnswers {
  private static KnownAnswers loaded;
  private final Map<String, double[]> values = new HashMap<>();

  public static synchronized KnownAnswers get() {
    if (loaded == null) {
      loaded = new KnownAnswers();
    }
    return loaded;
  }

  private KnownAnswers() {
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(
                KnownAnswers.class.getResourceAsStream("/monitor/known-answers.txt"),
                StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.startsWith("#")) {
          continue;
        }
        int colon = line.indexOf(": ");
        values.put(
            line.substring(0, colon),
            Arrays.stream(line.substring(colon + 2).trim().split(" "))
                .mapToDouble(text -> text.equals("nan") ? Double.NaN : Double.parseDouble(text))
                .toArray());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public double[] array(String name) {
    double[] found = values.get(name);
    if (found == null) {
      throw new IllegalArgumentException("no " + name + " in known-answers.txt: regenerate it");
    }
    return found;
  }

  public double value(String name) {
    return array(name)[0];
  }

  public boolean[] labels(String name) {
    double[] raw = array(name);
    boolean[] labels = new boolean[raw.length];
    for (int i = 0; i < raw.length; i++) {
      labels[i] = raw[i] == 1.0;
    }
    return labels;
  }

  /** The quality at threshold 0.5 of {@code prefix.scores} against {@code prefix.labels}. */
  public QualityState quality(String prefix) {
    double[] scores = array(prefix + ".scores");
    boolean[] labels = labels(prefix + ".labels");
    QualityState state = new QualityState(0.5);
    for (int i = 0; i < scores.length; i++) {
      state.add(scores[i], labels[i]);
    }
    return state;
  }
}
