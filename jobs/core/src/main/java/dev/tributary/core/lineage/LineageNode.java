package dev.tributary.core.lineage;

/**
 * A thing lineage connects, named {@code kind:name[@snapshot]}: {@code file:/data/flights.csv.gz},
 * {@code topic:flights}, {@code view:origin_delays@1a2b3c4d}, {@code
 * table:features.origin_delays__1a2b3c4d@5160...}, {@code model:flight_delay/2}, {@code
 * path:/models/flight_delay/2}.
 *
 * @param snapshot an Iceberg snapshot id; empty for what has none
 * @param detail what else identifies the input: a file's size and modification time, a topic's
 *     offsets per partition; empty when nothing
 */
public record LineageNode(String kind, String name, String snapshot, String detail) {
  public static final String FILE = "file";
  public static final String TOPIC = "topic";
  public static final String TABLE = "table";
  public static final String VIEW = "view";
  public static final String REDIS = "redis";
  public static final String MODEL = "model";
  public static final String PATH = "path";

  public static LineageNode of(String kind, String name) {
    return new LineageNode(kind, name, "", "");
  }

  public static LineageNode table(String qualifiedName, long snapshotId) {
    return new LineageNode(TABLE, qualifiedName, Long.toString(snapshotId), "");
  }

  /** {@code kind:name[@snapshot]}: how the lineage table and {@code tributary lineage} name it. */
  public String id() {
    return kind + ":" + name + (snapshot.isEmpty() ? "" : "@" + snapshot);
  }

  /** Whether {@code query} names this node: its whole id, or its id without the snapshot. */
  public static boolean matches(String id, String query) {
    return id.equals(query) || id.startsWith(query + "@");
  }
}
