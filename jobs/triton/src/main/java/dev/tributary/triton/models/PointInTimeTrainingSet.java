package dev.tributary.triton.models;

import dev.tributary.core.defs.FeatureRef;
import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.defs.KeyBinding;
import dev.tributary.core.defs.Model;
import dev.tributary.core.defs.Source;
import dev.tributary.core.keys.EntityKeyCodec;
import dev.tributary.core.records.ParseOutcome;
import dev.tributary.core.records.ParsedEvent;
import dev.tributary.core.records.TextRowParser;
import dev.tributary.core.records.TimestampRange;
import dev.tributary.core.view.ViewInput;
import dev.tributary.core.view.ViewProgram;
import dev.tributary.core.window.Event;
import dev.tributary.core.window.PointInTimeEvaluator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * A model's training rows computed by the aggregation core, as the training-set job will: for each
 * row of the label's source, the label ({@code label.value}) and every input feature as of {@code
 * label.prediction_time}, evaluated by {@link PointInTimeEvaluator} over the view's events (each
 * taking effect at the source's event time), with the view's hop-aligned windows and TTL.
 *
 * <p>A stand-in until the training-set job exists: it reads the label source's CSV file directly
 * and needs every input view to aggregate that same source. Numbers become floats; a null value (an
 * average over an empty window, an expired entity) becomes NaN.
 *
 * @param featureNames qualified input names ({@code view.feature}) in the model's input order
 * @param features one row per source row, in file order
 * @param labels the label of each row
 * @param predictionTimes the as-of time of each row, UTC millis
 * @param rejected source rows the core's parser rejected (skipped)
 */
public record PointInTimeTrainingSet(
    List<String> featureNames,
    float[][] features,
    boolean[] labels,
    long[] predictionTimes,
    int rejected) {

  public static PointInTimeTrainingSet build(
      FeatureRepository definitions, String modelName, Path sourceCsv) throws IOException {
    Model model =
        definitions
            .model(modelName)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "no model '"
                            + modelName
                            + "' in the definitions under "
                            + definitions.root()));
    Source source = model.label().source();
    for (FeatureRef input : model.inputs()) {
      if (!input.view().source().name().equals(source.name())) {
        throw new IllegalArgumentException(
            "input "
                + input.qualifiedName()
                + " aggregates source '"
                + input.view().source().name()
                + "', not the label's source '"
                + source.name()
                + "'; this builder reads one source file (the training-set job reads any)");
      }
    }
    List<ParsedEvent> rows = new ArrayList<>();
    int rejected = readCsv(source, sourceCsv, rows);

    int n = rows.size();
    boolean[] labels = new boolean[n];
    long[] asOf = new long[n];
    for (int i = 0; i < n; i++) {
      Object[] row = rows.get(i).row();
      labels[i] = Boolean.TRUE.equals(model.label().value().evaluate(row));
      asOf[i] = ((Number) model.label().predictionTime().evaluate(row)).longValue();
    }

    float[][] features = new float[n][model.inputs().size()];
    Map<String, List<Integer>> columnsByView = new LinkedHashMap<>();
    for (int c = 0; c < model.inputs().size(); c++) {
      columnsByView
          .computeIfAbsent(model.inputs().get(c).view().name(), v -> new ArrayList<>())
          .add(c);
    }
    for (List<Integer> columns : columnsByView.values()) {
      fillView(model, columns, rows, asOf, features);
    }
    List<String> names = model.inputs().stream().map(FeatureRef::qualifiedName).toList();
    return new PointInTimeTrainingSet(names, features, labels, asOf, rejected);
  }

  /** Evaluates one view for every row, entity by entity, and writes its input columns. */
  private static void fillView(
      Model model, List<Integer> columns, List<ParsedEvent> rows, long[] asOf, float[][] features) {
    FeatureView view = model.inputs().get(columns.get(0)).view();
    ViewProgram program = ViewProgram.of(view);
    Map<String, List<Event>> events = new HashMap<>();
    Map<String, List<Integer>> queries = new HashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      ParsedEvent row = rows.get(i);
      program
          .extract(row.row(), row.eventTime())
          .ifPresent(
              (ViewInput input) ->
                  events
                      .computeIfAbsent(input.encodedKey(), k -> new ArrayList<>())
                      .add(input.event()));
      List<Object> key = new ArrayList<>(view.keys().size());
      for (KeyBinding binding : view.keys()) {
        key.add(binding.value().evaluate(row.row()));
      }
      queries.computeIfAbsent(EntityKeyCodec.encode(key), k -> new ArrayList<>()).add(i);
    }
    int[] featureIndex = new int[columns.size()];
    for (int j = 0; j < columns.size(); j++) {
      featureIndex[j] = view.features().indexOf(model.inputs().get(columns.get(j)).feature());
    }
    PointInTimeEvaluator evaluator = new PointInTimeEvaluator(program.spec());
    queries.forEach(
        (entity, members) -> {
          long[] times = new long[members.size()];
          for (int q = 0; q < times.length; q++) {
            times[q] = asOf[members.get(q)];
          }
          Object[][] values = evaluator.evaluate(events.getOrDefault(entity, List.of()), times);
          for (int q = 0; q < times.length; q++) {
            for (int j = 0; j < columns.size(); j++) {
              Object value = values[q][featureIndex[j]];
              features[members.get(q)][columns.get(j)] =
                  value instanceof Number number ? number.floatValue() : Float.NaN;
            }
          }
        });
  }

  /**
   * Parses the CSV (header names the columns) with the core's parser; returns the rejected count.
   */
  private static int readCsv(Source source, Path file, List<ParsedEvent> out) throws IOException {
    TextRowParser parser = new TextRowParser(source, TimestampRange.DEFAULT);
    int rejected = 0;
    try (InputStream raw = Files.newInputStream(file);
        InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String[] header = reader.readLine().split(",", -1);
      int[] schemaIndex = new int[header.length];
      for (int c = 0; c < header.length; c++) {
        String column = header[c];
        schemaIndex[c] =
            source
                .schema()
                .indexOf(column)
                .orElseThrow(
                    () ->
                        new IOException(
                            file
                                + ":1: column '"
                                + column
                                + "' is not in the schema of source '"
                                + source.name()
                                + "'"));
      }
      for (String line; (line = reader.readLine()) != null; ) {
        String[] cells = line.split(",", -1);
        String[] fields = new String[source.schema().size()];
        for (int c = 0; c < header.length && c < cells.length; c++) {
          fields[schemaIndex[c]] = cells[c].isEmpty() ? null : cells[c];
        }
        ParseOutcome outcome = parser.parse(fields);
        if (outcome instanceof ParsedEvent event) {
          out.add(event);
        } else {
          rejected++;
        }
      }
    }
    return rejected;
  }
}
