package dev.tributary.core.monitor.serving;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.tributary.core.training.BaselineStatistics;
import dev.tributary.core.training.FeatureBaseline;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What monitoring compares one model version with, as its trainer recorded it in the version's
 * {@code metadata.json}: the AUC on the held-out rows ({@code held_out_metrics.auc_late}), which
 * the {@code auc_drop} rule subtracts the live AUC from, and the distribution of its scores on
 * those rows ({@code score_baseline}), which score drift is measured against exactly as input drift
 * is against {@code training.<name>__stats}: the same binning rule, exact counts per bin and a KLL
 * sketch for the Kolmogorov-Smirnov distance.
 *
 * <p>The held-out rows are the ones to compare with: their scores come from a model that never saw
 * them, as live scores do. Either part is null when the metadata lacks it (versions trained before
 * it was recorded); monitoring then stays silent on it rather than guessing.
 *
 * @param version the version folder's number
 * @param heldOutAuc AUC of the version on its held-out rows; null when not recorded
 * @param scoreBaseline the version's scores on its held-out rows, named {@link #SCORE}; null when
 *     not recorded
 */
public record TrainingReference(String version, Double heldOutAuc, FeatureBaseline scoreBaseline)
    implements Serializable {

  /** The drift feature name of the score (input columns are {@code <view>__<feature>}). */
  public static final String SCORE = "score";

  /** Bins of the score baseline: as many as the training set's feature baselines. */
  public static final int SCORE_BINS = 10;

  private static final JsonFactory JSON = new JsonFactory();

  /** The baseline of scores on held-out rows, in {@link BaselineStatistics}' two passes. */
  public static FeatureBaseline scoreBaseline(float[] scores) {
    BaselineStatistics statistics = new BaselineStatistics(SCORE, SCORE_BINS);
    for (float score : scores) {
      statistics.observe((double) score);
    }
    statistics.fixEdges();
    for (float score : scores) {
      statistics.count((double) score);
    }
    return statistics.result();
  }

  /** A score baseline as the {@code score_baseline} object of metadata.json. */
  public static Map<String, Object> toJson(FeatureBaseline baseline) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("rows", "held-out rows: the scores of this version on rows it was not trained on");
    json.put("count", baseline.count());
    json.put("nulls", baseline.nulls());
    json.put("mean", baseline.mean());
    json.put("stddev", baseline.stddev());
    json.put("edges", baseline.edges());
    json.put("counts", baseline.counts());
    json.put(
        "kll_sketch",
        baseline.sketch() == null ? null : Base64.getEncoder().encodeToString(baseline.sketch()));
    return json;
  }

  /**
   * The reference of every numbered version of {@code model} in a local model repository, by
   * version.
   */
  public static Map<String, TrainingReference> readAll(Path repository, String model)
      throws IOException {
    Map<String, TrainingReference> references = new TreeMap<>();
    Path folder = repository.resolve(model);
    if (!Files.isDirectory(folder)) {
      return references;
    }
    try (Stream<Path> versions = Files.list(folder)) {
      for (Path version : versions.sorted().toList()) {
        String name = version.getFileName().toString();
        Path metadata = version.resolve("metadata.json");
        if (name.matches("[1-9][0-9]{0,17}") && Files.isRegularFile(metadata)) {
          references.put(name, read(name, metadata));
        }
      }
    }
    return references;
  }

  /** Reads one version's metadata.json; an absent part is null. */
  public static TrainingReference read(String version, Path metadata) throws IOException {
    Reading reading = new Reading();
    try (JsonParser in = JSON.createParser(metadata.toFile())) {
      in.nextToken();
      reading.object(in, "");
    } catch (IOException | RuntimeException e) {
      throw new IOException(
          metadata + ": not a readable model metadata file (" + e.getMessage() + ")", e);
    }
    return new TrainingReference(version, reading.auc, reading.baseline());
  }

  /** The fields of interest, collected while walking the document. */
  private static final class Reading {
    Double auc;
    final Map<String, Double> numbers = new TreeMap<>();
    final List<Double> edges = new ArrayList<>();
    final List<Long> counts = new ArrayList<>();
    String sketch;
    boolean scoreBaseline;

    void object(JsonParser in, String path) throws IOException {
      while (in.nextToken() == JsonToken.FIELD_NAME) {
        String at = path + "/" + in.currentName();
        JsonToken value = in.nextToken();
        if (value == JsonToken.START_OBJECT) {
          scoreBaseline |= at.equals("/score_baseline");
          object(in, at);
        } else if (at.equals("/held_out_metrics/auc_late") && value.isNumeric()) {
          auc = in.getDoubleValue();
        } else if (at.equals("/score_baseline/edges") && value == JsonToken.START_ARRAY) {
          while (in.nextToken() != JsonToken.END_ARRAY) {
            edges.add(number(in));
          }
        } else if (at.equals("/score_baseline/counts") && value == JsonToken.START_ARRAY) {
          while (in.nextToken() != JsonToken.END_ARRAY) {
            counts.add(in.getLongValue());
          }
        } else if (at.equals("/score_baseline/kll_sketch") && value == JsonToken.VALUE_STRING) {
          sketch = in.getText();
        } else if (at.startsWith("/score_baseline/")
            && (value.isNumeric() || value == JsonToken.VALUE_STRING)) {
          numbers.put(at.substring("/score_baseline/".length()), number(in));
        } else {
          in.skipChildren();
        }
      }
    }

    /** A number, or one Jackson wrote as a string ("NaN"); NaN for any other string. */
    private static double number(JsonParser in) throws IOException {
      if (in.currentToken().isNumeric()) {
        return in.getDoubleValue();
      }
      try {
        return Double.parseDouble(in.getText());
      } catch (NumberFormatException notANumber) {
        return Double.NaN;
      }
    }

    FeatureBaseline baseline() {
      if (!scoreBaseline) {
        return null;
      }
      if (edges.size() != counts.size() + 1 || counts.isEmpty()) {
        throw new IllegalArgumentException(
            "score_baseline needs counts and one edge more than counts, got "
                + counts.size()
                + " counts and "
                + edges.size()
                + " edges");
      }
      return new FeatureBaseline(
          SCORE,
          numbers.getOrDefault("count", Double.NaN).longValue(),
          numbers.getOrDefault("nulls", 0.0).longValue(),
          numbers.getOrDefault("mean", Double.NaN),
          numbers.getOrDefault("stddev", Double.NaN),
          edges.stream().mapToDouble(Double::doubleValue).toArray(),
          counts.stream().mapToLong(Long::longValue).toArray(),
          sketch == null ? null : Base64.getDecoder().decode(sketch));
    }
  }
}
