package dev.tributary.sparktest;

import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.defs.Model;
import dev.tributary.core.defs.Source;
import dev.tributary.core.keys.EntityKeyCodec;
import dev.tributary.core.plan.HistoryTables;
import dev.tributary.core.records.ParseOutcome;
import dev.tributary.core.records.ParsedEvent;
import dev.tributary.core.records.TextRowParser;
import dev.tributary.core.records.TimestampRange;
import dev.tributary.core.training.AsOfJoin;
import dev.tributary.core.training.Spine;
import dev.tributary.core.types.Column;
import dev.tributary.core.types.ValueType;
import dev.tributary.core.view.ViewInput;
import dev.tributary.core.view.ViewProgram;
import dev.tributary.core.window.ChangePoint;
import dev.tributary.core.window.ChangePoints;
import dev.tributary.core.window.Event;
import dev.tributary.flink.iceberg.TrainingColumns;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * The rows the jobs must have written, computed in this JVM by the core classes the jobs call
 * (docs/batch.md), over the flights of the sample file: a view's {@link ChangePoints} for a history
 * table, their {@link AsOfJoin} at each spine row for a training table. Rows are maps from column
 * name to value, as {@link SparkTables} returns them: timestamps as {@link Instant}s.
 */
public final class ExpectedRows {
  private final List<ParsedEvent> flights;

  private ExpectedRows(List<ParsedEvent> flights) {
    this.flights = flights;
  }

  /**
   * Over the flights of the source's file scheduled before {@code dateExclusive} (an ISO prefix
   * such as {@code 2001-01-02T12}; the file is sorted by scheduled time): enough for every value as
   * of a time some hours earlier, since an event takes effect at its actual departure.
   */
  public static ExpectedRows ofFlightsScheduledBefore(Source source, String dateExclusive)
      throws IOException {
    TextRowParser parser = new TextRowParser(source, TimestampRange.DEFAULT);
    List<ParsedEvent> events = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(source.files().orElseThrow().path())),
                StandardCharsets.UTF_8))) {
      reader.readLine();
      for (String line = reader.readLine();
          line != null && line.compareTo(dateExclusive) < 0;
          line = reader.readLine()) {
        ParseOutcome outcome = parser.parse(line.split(",", -1));
        if (outcome instanceof ParsedEvent event) {
          events.add(event);
        }
      }
    }
    return new ExpectedRows(events);
  }

  /**
   * The same over only the flights whose event time is in {@code [from, to)}: what a replay of that
   * range sends.
   */
  public ExpectedRows withEventTimesIn(long from, long to) {
    return new ExpectedRows(
        flights.stream().filter(f -> f.eventTime() >= from && f.eventTime() < to).toList());
  }

  /**
   * The view's history rows with {@code valid_from} in {@code [from, to)}, all columns but {@code
   * job_id}.
   */
  public List<Map<String, Object>> history(FeatureView view, long from, long to) {
    ViewProgram program = ViewProgram.of(view);
    List<Map<String, Object>> rows = new ArrayList<>();
    changePoints(program)
        .forEach(
            (key, points) -> {
              for (ChangePoint point : points) {
                if (point.validFrom() >= from && point.validFrom() < to) {
                  Map<String, Object> row = new LinkedHashMap<>();
                  for (int i = 0; i < key.size(); i++) {
                    row.put(view.entity().keys().get(i).name(), key.get(i));
                  }
                  row.put(HistoryTables.VALID_FROM, Instant.ofEpochMilli(point.validFrom()));
                  for (int i = 0; i < program.spec().size(); i++) {
                    row.put(program.spec().feature(i).name(), point.values()[i]);
                  }
                  rows.add(row);
                }
              }
            });
    return rows;
  }

  /**
   * The rows of the model's training set for spine rows with {@code as_of} in {@code [from, to)}.
   */
  public List<Map<String, Object>> training(Model model, long from, long to) {
    Spine spine = Spine.ofLabel(model);
    TrainingColumns columns = TrainingColumns.of(spine, model.inputs());
    List<Object[]> spineRows = new ArrayList<>();
    for (ParsedEvent flight : flights) {
      Object[] row = spine.row(flight.row(), flight.eventTime(), from, to);
      if (row != null) {
        spineRows.add(row);
      }
    }
    List<Object[][]> values = new ArrayList<>();
    for (ViewProgram program : columns.programs()) {
      values.add(valuesAt(program, spine, spineRows));
    }
    List<Column> spineColumns = spine.schema().columns();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int r = 0; r < spineRows.size(); r++) {
      Map<String, Object> row = new LinkedHashMap<>();
      for (int i = 0; i < spineColumns.size(); i++) {
        Object value = spineRows.get(r)[i];
        row.put(
            spineColumns.get(i).name(),
            spineColumns.get(i).type() == ValueType.TIMESTAMP
                ? Instant.ofEpochMilli((Long) value)
                : value);
      }
      for (TrainingColumns.FeatureColumn feature : columns.features()) {
        row.put(feature.name(), values.get(feature.view())[r][feature.feature()]);
      }
      rows.add(row);
    }
    return rows;
  }

  /** The view's values as of each spine row's {@code as_of}, for the entity its keys name. */
  private Object[][] valuesAt(ViewProgram program, Spine spine, List<Object[]> spineRows) {
    Map<List<Object>, List<ChangePoint>> history = changePoints(program);
    Spine.SpineKeys keys = spine.keysOf(program.view());
    AsOfJoin join = new AsOfJoin(program.spec());
    Object[][] values = new Object[spineRows.size()][];
    for (int i = 0; i < spineRows.size(); i++) {
      List<Object> key =
          EntityKeyCodec.decode(keys.encodedKey(spineRows.get(i)), program.view().entity().keys());
      values[i] =
          join.valuesAsOf(
                  history.getOrDefault(key, List.of()), new long[] {spine.asOf(spineRows.get(i))})[
              0];
    }
    return values;
  }

  /** The view's change points per entity key. */
  private Map<List<Object>, List<ChangePoint>> changePoints(ViewProgram program) {
    Map<List<Object>, List<Event>> events = new LinkedHashMap<>();
    for (ParsedEvent flight : flights) {
      Optional<ViewInput> input = program.extract(flight.row(), flight.eventTime());
      input.ifPresent(
          in -> events.computeIfAbsent(in.keyValues(), k -> new ArrayList<>()).add(in.event()));
    }
    Map<List<Object>, List<ChangePoint>> rows = new LinkedHashMap<>();
    events.forEach((key, list) -> rows.put(key, new ChangePoints(program.spec()).compute(list)));
    return rows;
  }
}
