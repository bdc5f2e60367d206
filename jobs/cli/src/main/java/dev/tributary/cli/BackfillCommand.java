package dev.tributary.cli;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.records.TimestampText;
import dev.tributary.core.view.ViewProgram;
import dev.tributary.flink.backfill.BackfillJob;
import dev.tributary.flink.backfill.BackfillSettings;
import dev.tributary.flink.backfill.ChunkedBackfill;
import dev.tributary.flink.lineage.JobLineage;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tributary backfill}: the history tables of a range of days from a source's historical
 * files or Iceberg table, exactly as the streaming job writes them; idempotent (whole days
 * replaced).
 */
@Command(
    name = "backfill",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Write the history tables (features.<view>__<version>) for a time range from the sources' files or "
          + "Iceberg tables, "
          + "as the streaming job would have. The range is widened to whole UTC days, which are replaced in runs of "
          + "--chunk-days days, one commit each: running it twice leaves one copy. See docs/batch.md.",
      "Example: tributary backfill feature-defs --from 2001-01-01 --to 2001-01-08"
    })
final class BackfillCommand extends DefinitionsCommand {
  @Mixin FlinkTarget flink;
  @Mixin CatalogOptions catalog;
  @Mixin SourceInputOptions inputs;
  @Mixin RejectionOptions rejections;

  @Option(
      names = "--from",
      required = true,
      paramLabel = "TIME",
      description = "start of the range: ISO-8601 (UTC when no zone) or epoch ms")
  String from;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "TIME",
      description = "end of the range, exclusive")
  String to;

  @Option(
      names = "--chunk-days",
      paramLabel = "DAYS",
      description =
          "days per run: one run's memory grows with the "
              + "rows it writes, so a long range runs as consecutive runs of this many days (default: ${DEFAULT-VALUE})")
  int chunkDays = ChunkedBackfill.DEFAULT_CHUNK_DAYS;

  @Option(
      names = "--view",
      paramLabel = "NAME",
      description = "a view to backfill, repeatable (default: every offline view)")
  List<String> views = new ArrayList<>();

  @Mixin LineageOption lineage;

  @Override
  int run(FeatureRepository repository, PrintWriter out) throws Exception {
    String jobId = "backfill-" + UUID.randomUUID();
    BackfillSettings settings =
        new BackfillSettings(
                catalog.config(),
                jobId,
                time(from),
                time(to),
                views,
                inputs.files(),
                inputs.tables())
            .withMaxRejected(rejections.limit());
    int viewCount = new BackfillJob(repository, settings).programs().size();
    ChunkedBackfill backfill = new ChunkedBackfill(repository, settings, chunkDays);
    out.println(
        "backfill: "
            + viewCount
            + " views, rows with valid_from in ["
            + Instant.ofEpochMilli(settings.firstDay())
            + ", "
            + Instant.ofEpochMilli(settings.endDay())
            + ") in "
            + (backfill.chunks().size() == 1
                ? "one run"
                : backfill.chunks().size() + " runs after one reading every input")
            + ", job "
            + jobId);
    out.flush();
    ChunkedBackfill.Result result;
    Instant started = Instant.now();
    try {
      result = backfill.run(flink::environment);
    } catch (Exception failed) {
      if (RejectionOptions.reported(failed, spec.commandLine().getErr())) {
        return 1;
      }
      throw failed;
    }
    out.println(
        "backfill: committed"
            + (result.clearedFiles() > 0
                ? "; removed " + result.clearedFiles() + " files of days with no rows"
                : ""));
    lineage
        .recorder(settings.catalog(), null)
        .record(
            JobLineage.backfill(
                new BackfillJob(repository, settings)
                    .programs().stream().map(ViewProgram::view).toList(),
                inputs.files(),
                inputs.tables(),
                settings.catalog().open(),
                started));
    out.println("backfill: records");
    out.println(result.rejectionSummary().indent(2).stripTrailing());
    return 0;
  }

  static long time(String text) {
    return TimestampText.parse(text);
  }
}
