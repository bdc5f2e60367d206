package dev.tributary.flink.consistency;

import dev.tributary.core.defs.FeatureRef;
import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.defs.FileInput;
import dev.tributary.core.defs.Scoring;
import dev.tributary.core.defs.Source;
import dev.tributary.core.expr.Expression;
import dev.tributary.core.plan.DeploymentPlan;
import dev.tributary.core.plan.PlannedTable;
import dev.tributary.core.records.ParsedEvent;
import dev.tributary.core.records.RecordParser;
import dev.tributary.core.records.RowEncoder;
import dev.tributary.core.score.ConsistencyTally;
import dev.tributary.core.score.ModelInputs;
import dev.tributary.core.training.Spine;
import dev.tributary.core.types.Column;
import dev.tributary.core.types.RowSchema;
import dev.tributary.core.types.ValueType;
import dev.tributary.flink.iceberg.CatalogConfig;
import dev.tributary.flink.iceberg.IcebergSchemas;
import dev.tributary.flink.training.TrainingSetJob;
import dev.tributary.flink.training.TrainingSetSettings;
import dev.tributary.flink.training.TrainingStrategy;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFile;

/**
 * {@code tributary consistency}: every logged prediction of a scoring in a time range, its features
 * recomputed by the training-set job (strategy recompute, from raw events) at the as-of times the
 * score job logged, compared value for value.
 *
 * <p>One training-set run per view of the model: its spine is the logged requests, each as of the
 * logged as-of time of that view's values (a view the online store had nothing for is not
 * compared). The result per feature goes to {@code monitoring.consistency}.
 */
public final class ConsistencyCheck {
  private final Scoring scoring;
  private final CatalogConfig catalog;
  private final Path workFolder;
  private final Map<String, FileInput> files;
  private final Supplier<StreamExecutionEnvironment> environments;

  /**
   * @param workFolder where the spine files are written
   * @param files per source name, the events to recompute from instead of the definition's files
   *     (they must be the events the streaming job saw)
   * @param environments a new environment per training-set run
   */
  public ConsistencyCheck(
      Scoring scoring,
      CatalogConfig catalog,
      Path workFolder,
      Map<String, FileInput> files,
      Supplier<StreamExecutionEnvironment> environments) {
    this.scoring = scoring;
    this.catalog = catalog;
    this.workFolder = workFolder;
    this.files = Map.copyOf(files);
    this.environments = environments;
  }

  /** Runs the check over predictions with request times in [from, to) and records the result. */
  public ConsistencyTally run(long from, long to) throws Exception {
    List<Record> predictions = predictions(from, to);
    ModelInputs inputs = new ModelInputs(scoring.model(), scoring.requests().schema());
    List<FeatureRef> refs = scoring.model().inputs();
    ConsistencyTally tally = new ConsistencyTally();
    for (FeatureView view : inputs.views()) {
      List<Integer> ofView = new ArrayList<>();
      for (int i = 0; i < refs.size(); i++) {
        if (refs.get(i).view().equals(view)) {
          ofView.add(i);
        }
      }
      Map<String, Record> recomputed = recompute(view, ofView, predictions);
      for (Record prediction : predictions) {
        String id = (String) prediction.getField("request_id");
        Record offline = recomputed.get(id);
        if (offline == null) {
          continue; // the store had nothing for this view: no as-of time to compare at
        }
        List<?> values = (List<?>) prediction.getField("feature_values");
        List<?> asOf = (List<?>) prediction.getField("feature_as_of");
        for (int i : ofView) {
          tally.compare(
              refs.get(i).qualifiedName(),
              id,
              millis(asOf.get(i)),
              (Double) values.get(i),
              offline.getField(view.name() + "__" + refs.get(i).feature().name()));
        }
      }
    }
    record(tally, from, to);
    return tally;
  }

  private List<Record> predictions(long from, long to) throws IOException {
    Table table =
        catalog
            .open()
            .loadTable(TableIdentifier.of("monitoring", DeploymentPlan.predictions().name()));
    List<Record> rows = new ArrayList<>();
    try (CloseableIterable<Record> read =
        IcebergGenerics.read(table)
            .where(
                Expressions.and(
                    Expressions.equal("scoring", scoring.name()),
                    Expressions.and(
                        Expressions.greaterThanOrEqual("request_time", from * 1000),
                        Expressions.lessThan("request_time", to * 1000))))
            .build()) {
      read.forEach(row -> rows.add(row.copy()));
    }
    return rows;
  }

  /** The training-set job's values of one view, per request id, at the logged as-of times. */
  private Map<String, Record> recompute(
      FeatureView view, List<Integer> ofView, List<Record> predictions) throws Exception {
    Source requests = scoring.requests();
    List<Column> columns = new ArrayList<>(requests.schema().columns());
    columns.add(new Column("logged_as_of", ValueType.TIMESTAMP));
    RowSchema schema = new RowSchema(columns);
    Files.createDirectories(workFolder);
    Path file = workFolder.resolve("spine-" + view.name() + "-" + UUID.randomUUID() + ".json");
    RecordParser parser = new RecordParser(requests);
    RowEncoder encoder = new RowEncoder(schema);
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    int rows = 0;
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (Record prediction : predictions) {
        Object asOf = ((List<?>) prediction.getField("feature_as_of")).get(ofView.get(0));
        if (asOf == null) {
          continue;
        }
        Object[] request =
            ((ParsedEvent) parser.parse((String) prediction.getField("request"))).row();
        Object[] row = java.util.Arrays.copyOf(request, request.length + 1);
        row[request.length] = millis(asOf);
        first = Math.min(first, millis(asOf));
        last = Math.max(last, millis(asOf));
        out.write(encoder.encode(row));
        out.write('\n');
        rows++;
      }
    }
    Map<String, Record> byId = new HashMap<>();
    if (rows == 0) {
      return byId;
    }
    Source spineSource =
        new Source(
            "consistency_spine",
            "logged requests of "
                + scoring.name()
                + " as of the logged as-of times of "
                + view.name(),
            null,
            new FileInput(file, "json"),
            null,
            schema,
            Expression.compile("logged_as_of", schema),
            requests.watermarks(),
            requests.at());
    String name = "consistency_" + scoring.name() + "_" + view.name();
    TrainingSetJob job =
        new TrainingSetJob(
            Spine.ofSource(spineSource),
            ofView.stream().map(i -> scoring.model().inputs().get(i)).toList(),
            new TrainingSetSettings(
                catalog,
                name,
                first,
                last + 1,
                TrainingStrategy.RECOMPUTE,
                "consistency",
                files,
                10));
    StreamExecutionEnvironment env = environments.get();
    job.build(env);
    env.execute("consistency of " + scoring.name() + ": " + view.name());
    job.finish();
    Table training = catalog.open().loadTable(TableIdentifier.of("training", name));
    try (CloseableIterable<Record> read = IcebergGenerics.read(training).build()) {
      read.forEach(row -> byId.put((String) row.getField("request_id"), row.copy()));
    }
    return byId;
  }

  /** Appends one row per feature to {@code monitoring.consistency}. */
  private void record(ConsistencyTally tally, long from, long to) throws IOException {
    Catalog opened = catalog.open();
    PlannedTable planned = DeploymentPlan.consistency();
    Table table = IcebergSchemas.createIfAbsent(opened, planned, List.of());
    long now = System.currentTimeMillis();
    OutputFile output =
        table
            .io()
            .newOutputFile(
                table
                    .locationProvider()
                    .newDataLocation("consistency-" + UUID.randomUUID() + ".parquet"));
    DataWriter<Record> writer =
        new GenericAppenderFactory(table.schema(), table.spec())
            .newDataWriter(
                org.apache.iceberg.encryption.EncryptedFiles.plainAsEncryptedOutput(output),
                FileFormat.PARQUET,
                partition(table, now));
    try (writer) {
      for (var entry : tally.features().entrySet()) {
        GenericRecord row = GenericRecord.create(table.schema());
        row.setField(
            "checked_at",
            OffsetDateTime.ofInstant(
                java.time.Instant.ofEpochMilli(now), java.time.ZoneOffset.UTC));
        row.setField("scoring", scoring.name());
        row.setField(
            "from_time",
            OffsetDateTime.ofInstant(
                java.time.Instant.ofEpochMilli(from), java.time.ZoneOffset.UTC));
        row.setField(
            "to_time",
            OffsetDateTime.ofInstant(java.time.Instant.ofEpochMilli(to), java.time.ZoneOffset.UTC));
        row.setField("feature", entry.getKey());
        row.setField("compared", entry.getValue().compared);
        row.setField("equal", entry.getValue().equal);
        row.setField("different", entry.getValue().different);
        row.setField("examples", new ArrayList<>(entry.getValue().examples));
        writer.write(row);
      }
    }
    DataFile data = writer.toDataFile();
    table.newAppend().appendFile(data).commit();
  }

  private static org.apache.iceberg.StructLike partition(Table table, long now) {
    org.apache.iceberg.PartitionKey key =
        new org.apache.iceberg.PartitionKey(table.spec(), table.schema());
    GenericRecord row = GenericRecord.create(table.schema());
    row.setField(
        "checked_at",
        OffsetDateTime.ofInstant(java.time.Instant.ofEpochMilli(now), java.time.ZoneOffset.UTC));
    key.partition(
        new org.apache.iceberg.data.InternalRecordWrapper(table.schema().asStruct()).wrap(row));
    return key;
  }

  private static long millis(Object timestamp) {
    return ((OffsetDateTime) timestamp).toInstant().toEpochMilli();
  }
}
