package dev.tributary.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.core.testing.ExternalTools;
import dev.tributary.embedded.EmbeddedPostgres;
import dev.tributary.embedded.LocalIcebergCatalog;
import dev.tributary.embedded.PostgresBinaries;
import dev.tributary.embedded.TemporaryDirectory;
import dev.tributary.embedded.junit.KafkaExtension;
import dev.tributary.embedded.junit.PostgresExtension;
import dev.tributary.embedded.junit.RedisExtension;
import dev.tributary.embedded.junit.RestCatalogExtension;
import dev.tributary.embedded.junit.S3Extension;
import dev.tributary.flink.iceberg.CatalogConfig;
import dev.tributary.triton.server.LocalTritonServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.iceberg.catalog.Catalog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * The jobs on production storage, each checked against the local catalog: {@code materialize}
 * (Kafka to history tables and Redis), {@code backfill}, {@code training-set} and {@code score}
 * (requests through Redis and a Triton-protocol server to {@code monitoring.predictions}) run first
 * into the embedded SQLite catalog, the reference, then, with only {@code --catalog-property} and
 * {@code --checkpoint-dir} changed, into
 *
 * <ul>
 *   <li>an Iceberg JDBC catalog on a real PostgreSQL server ({@code initdb}/{@code pg_ctl}),
 *   <li>a real Iceberg REST catalog server (Iceberg's servlet over HTTP) in front of one,
 *   <li>the PostgreSQL catalog with the warehouse and the checkpoints on {@code s3a://} (through
 *       hadoop-aws, against S3Mock's S3 API).
 * </ul>
 *
 * Every table must hold the reference's rows, apart from the columns that differ between any two
 * runs (job ids, wall-clock times, latencies); and the state must really be where it was sent: the
 * table pointers in PostgreSQL's {@code iceberg_tables}, the metadata and data files as S3 objects.
 *
 * <p>The s3a settings (endpoint, path-style access, keys) come from the test's {@code
 * core-site.xml}, as a user's come from {@code $HADOOP_CONF_DIR/core-site.xml}.
 */
class ProductionStorageTest {

  /**
   * Columns that differ between two runs over the same input: job ids, wall-clock times, latencies,
   * and the as-of times of the online features a prediction used. Their values are the same, but
   * whether Redis last saw a value from its event's change point or from a later one with the same
   * value (a window that empties at a full minute) depends on where a bounded materialize run's
   * final watermark fell. And a training set's KLL sketches and the bins read from them: their
   * compactions draw random bits, so two runs' sketches differ in bytes and a bin edge may move by
   * a rank, both within the sketch's error.
   */
  private static final Set<String> RUN_COLUMNS =
      Set.of(
          "job_id",
          "predicted_at",
          "lookup_us",
          "queue_us",
          "inference_us",
          "feature_as_of",
          "kll_sketch",
          "bin_edges",
          "bin_counts");

  private static final String REPLAY_TO = "2001-01-01T06:00:00Z";
  private static final Instant REQUESTED_AT = Instant.parse("2001-01-01T05:00:00Z");
  private static final int REQUESTS = 60;

  /** The system property core-site.xml (test resources) reads fs.s3a.endpoint from. */
  private static final String S3_ENDPOINT_PROPERTY = "tributary.test.s3a.endpoint";

  @RegisterExtension
  @SuppressWarnings("unused")
  static final BeforeAllCallback POSTGRES_INSTALLED =
      context ->
          ExternalTools.assumeInstalled(
              "initdb",
              PostgresBinaries.find().isPresent(),
              "apt-get install postgresql",
              "to run PostgreSQL, the production catalog's database");

  @RegisterExtension
  @Order(2)
  static final KafkaExtension KAFKA = new KafkaExtension();

  @RegisterExtension
  @Order(3)
  static final RedisExtension REDIS = new RedisExtension();

  @RegisterExtension
  @Order(4)
  static final PostgresExtension POSTGRES = new PostgresExtension();

  @RegisterExtension
  @Order(5)
  static final S3Extension S3 = new S3Extension("lake");

  private static final TemporaryDirectory FOLDER = TemporaryDirectory.create("tributary-storage-");

  @RegisterExtension
  @Order(6)
  static final RestCatalogExtension REST =
      new RestCatalogExtension(
          LocalIcebergCatalog.NAME,
          () ->
              jdbcCatalog(
                  POSTGRES.createDatabase("rest_backend"),
                  FOLDER.path().resolve("rest-warehouse").toUri().toString()));

  private static LocalTritonServer triton;
  private static Map<String, List<String>> reference;

  @BeforeAll
  static void publishInputsAndRunTheJobsOnTheLocalCatalog() throws Exception {
    System.setProperty(S3_ENDPOINT_PROPERTY, S3.endpoint());
    triton = LocalTritonServer.start(Checkout.root().resolve("triton-models"), 0);
    cli("replay", defs(), "--bootstrap-servers", KAFKA.bootstrapServers(), "--to", REPLAY_TO);
    FlightRequests.publish(KAFKA, REQUESTED_AT, REQUESTS);
    Path local = FOLDER.path().resolve("local");
    runJobs("local", List.of("--data-dir", local.toString()), local.resolve("checkpoints"));
    try (LocalIcebergCatalog catalog = LocalIcebergCatalog.open(local.resolve("iceberg"))) {
      reference = CatalogContents.of(catalog.catalog(), RUN_COLUMNS);
    }
    assertEquals(REQUESTS, reference.get("monitoring.predictions").size(), "one prediction each");
  }

  @AfterAll
  static void stop() {
    if (triton != null) {
      triton.close();
    }
    System.clearProperty(S3_ENDPOINT_PROPERTY);
    FOLDER.close();
  }

  @Test
  void jdbcCatalogOnPostgresql() throws Exception {
    String url = POSTGRES.createDatabase("jdbc_catalog");
    Map<String, String> catalog =
        jdbcCatalog(url, FOLDER.path().resolve("pg-warehouse").toUri().toString());
    runJobs("pg", catalogArgs(catalog), FOLDER.path().resolve("pg-checkpoints"));

    CatalogContents.assertSame(reference, contents(catalog));
    assertEquals(
        reference.size(),
        tablesInPostgres(url),
        "one row per table in PostgreSQL's iceberg_tables");
  }

  @Test
  void restCatalogServer() throws Exception {
    Map<String, String> catalog = Map.of("type", "rest", "uri", REST.uri());
    runJobs("rest", catalogArgs(catalog), FOLDER.path().resolve("rest-checkpoints"));

    CatalogContents.assertSame(reference, contents(catalog));
    assertEquals(
        reference.keySet(),
        CatalogContents.of(REST.service().backend(), RUN_COLUMNS).keySet(),
        "the tables are the server's backend catalog's");
  }

  @Test
  void warehouseAndCheckpointsOnS3() throws Exception {
    String url = POSTGRES.createDatabase("s3_catalog");
    Map<String, String> catalog = jdbcCatalog(url, "s3a://lake/warehouse");
    runJobs("s3", catalogArgs(catalog), URI.create("s3a://lake/checkpoints"));

    CatalogContents.assertSame(reference, contents(catalog));
    Map<String, Integer> objects = objectsByFolder(URI.create("s3a://lake/"));
    assertFalse(objects.isEmpty(), "objects under s3a://lake/");
    for (String table : reference.keySet()) {
      String folder = "warehouse/" + table.replace('.', '/');
      assertTrue(
          objects.keySet().stream().anyMatch(f -> f.startsWith(folder + "/metadata")),
          table + ": metadata on S3, found " + objects.keySet());
    }
    // The checkpoints went to s3a://lake/checkpoints: a finished job's are deleted with it, but
    // Flink creates its checkpoint storage there when the job starts and fails the job when it
    // cannot (as it did before the CLI let Flink use Hadoop's s3a file system).
  }

  /** The model repository Triton loads from: published to S3 and never overwritten by accident. */
  @Test
  void modelRepositoryOnS3() throws Exception {
    Path local = Checkout.root().resolve("triton-models");
    String[] publish = {
      "models",
      "publish",
      "--from",
      local.toString(),
      "--to",
      "s3a://lake/triton-models",
      "--model",
      "flight_delay"
    };
    cli(publish);

    Map<String, Long> expected = new TreeMap<>();
    for (String file :
        List.of(
            "config.pbtxt", "1/model.onnx", "1/metadata.json", "2/model.onnx", "2/metadata.json")) {
      expected.put("flight_delay/" + file, Files.size(local.resolve("flight_delay/" + file)));
    }
    URI root = URI.create("s3a://lake/triton-models/");
    Map<String, Long> published = new TreeMap<>();
    FileSystem fs = FileSystem.get(root, new Configuration());
    RemoteIterator<LocatedFileStatus> files =
        fs.listFiles(new org.apache.hadoop.fs.Path(root), true);
    while (files.hasNext()) {
      LocatedFileStatus file = files.next();
      published.put(root.relativize(file.getPath().toUri()).toString(), file.getLen());
    }
    assertEquals(expected, published);
    assertEquals(
        1,
        Tributary.run(
            new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), publish),
        "a second publish of the same versions without --replace is refused");
  }

  /** materialize, backfill, training-set and score against one catalog. */
  private static void runJobs(String run, List<String> catalog, Object checkpoints) {
    String checkpointDir = checkpoints.toString();
    String redis = REDIS.host() + ":" + REDIS.port();
    // every run from an empty online store, as the reference's: the features score reads (and
    // their as-of times) are then this run's materialize's
    try (Jedis jedis = new Jedis(REDIS.host(), REDIS.port())) {
      jedis.flushAll();
    }
    job(
        catalog,
        checkpointDir,
        "materialize",
        defs(),
        "--bootstrap-servers",
        KAFKA.bootstrapServers(),
        "--redis",
        redis,
        "--group-id",
        "materialize-" + run,
        "--bounded",
        "--checkpoint-interval",
        "1s");
    job(
        catalog,
        checkpointDir,
        "backfill",
        defs(),
        "--view",
        "route_delays",
        "--from",
        "2001-01-01T00:00:00Z",
        "--to",
        "2001-01-01T12:00:00Z");
    job(
        catalog,
        checkpointDir,
        "training-set",
        defs(),
        "--model",
        "flight_delay",
        "--strategy",
        "recompute",
        "--from",
        "2001-01-01T02:00:00Z",
        "--to",
        "2001-01-01T06:00:00Z");
    job(
        catalog,
        checkpointDir,
        "score",
        defs(),
        "--bootstrap-servers",
        KAFKA.bootstrapServers(),
        "--redis",
        redis,
        "--triton",
        "localhost:" + triton.port(),
        "--group-id",
        "score-" + run,
        "--bounded",
        "--checkpoint-interval",
        "1s");
  }

  private static void job(List<String> catalog, String checkpointDir, String... command) {
    List<String> args = new ArrayList<>(List.of(command));
    args.addAll(catalog);
    args.addAll(List.of("--checkpoint-dir", checkpointDir, "--verbose"));
    cli(args.toArray(String[]::new));
  }

  private static void cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Tributary.run(new PrintWriter(out), new PrintWriter(err), args);
    assertEquals(0, code, String.join(" ", args) + "\n" + out + "\n" + err);
  }

  /** The production catalog's properties: Iceberg's JDBC catalog on a PostgreSQL database. */
  private static Map<String, String> jdbcCatalog(String url, String warehouse) {
    Map<String, String> props = new TreeMap<>();
    props.put("catalog-impl", "org.apache.iceberg.jdbc.JdbcCatalog");
    props.put("uri", url);
    props.put("jdbc.user", EmbeddedPostgres.USER);
    props.put("jdbc.password", "");
    props.put("jdbc.schema-version", "V1");
    props.put("warehouse", warehouse);
    return props;
  }

  private static List<String> catalogArgs(Map<String, String> catalog) {
    List<String> args = new ArrayList<>();
    catalog.forEach((key, value) -> args.addAll(List.of("--catalog-property", key + "=" + value)));
    return args;
  }

  private static Map<String, List<String>> contents(Map<String, String> properties)
      throws Exception {
    Catalog catalog = new CatalogConfig(LocalIcebergCatalog.NAME, properties).open();
    try {
      return CatalogContents.of(catalog, RUN_COLUMNS);
    } finally {
      if (catalog instanceof AutoCloseable closeable) {
        closeable.close();
      }
    }
  }

  private static int tablesInPostgres(String url) throws Exception {
    try (Connection connection = DriverManager.getConnection(url, EmbeddedPostgres.USER, "");
        Statement statement = connection.createStatement();
        ResultSet count =
            statement.executeQuery(
                // the registry's tables are left out of the compared contents (CatalogContents)
                "SELECT count(*) FROM iceberg_tables WHERE catalog_name = '"
                    + LocalIcebergCatalog.NAME
                    + "' AND table_namespace <> 'registry'")) {
      count.next();
      return count.getInt(1);
    }
  }

  /** Object counts by their first three path levels under {@code root}. */
  private static Map<String, Integer> objectsByFolder(URI root) throws Exception {
    Map<String, Integer> folders = new TreeMap<>();
    FileSystem fs = FileSystem.get(root, new Configuration());
    RemoteIterator<LocatedFileStatus> files =
        fs.listFiles(new org.apache.hadoop.fs.Path(root), true);
    while (files.hasNext()) {
      String key = root.relativize(files.next().getPath().toUri()).toString();
      String[] parts = key.split("/");
      String folder = String.join("/", List.of(parts).subList(0, Math.min(4, parts.length - 1)));
      folders.merge(folder, 1, Integer::sum);
    }
    return folders;
  }

  private static String defs() {
    return Checkout.exampleDefinitions().toString();
  }
}
