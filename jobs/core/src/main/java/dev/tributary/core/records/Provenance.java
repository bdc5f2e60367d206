package dev.tributary.core.records;

/**
 * Where a record was found, as rejection reasons say it in front of the problem ({@link
 * RecordRejection#at}): one form per kind of input, so a reader of {@code ops.dead_letters} can go
 * back to the record itself.
 *
 * <ul>
 *   <li>a line of a text file (CSV, JSON lines), counting from 1 with the header: {@code
 *       data/flights.csv line 7}
 *   <li>a row of a Parquet file, counting from 1: {@code data/flights.parquet row 7}
 *   <li>a row of an Iceberg table: the snapshot read, the data file and the row's position in it
 *       (Iceberg's {@code _pos}, from 0), which {@code SELECT * FROM t FOR VERSION AS OF snapshot
 *       WHERE _file = ... AND _pos = ...} finds again: {@code Iceberg table raw.flights@5012 file
 *       s3://w/raw/flights/data/00000-0.parquet position 6}
 *   <li>a Kafka record: {@code flights-0@1234} (topic, partition, offset)
 * </ul>
 */
public final class Provenance {
  private Provenance() {}

  public static String fileLine(String file, long line) {
    return file + " line " + line;
  }

  public static String fileRow(String file, long row) {
    return file + " row " + row;
  }

  public static String tableRow(String table, long snapshot, String dataFile, long position) {
    return "Iceberg table "
        + table
        + "@"
        + snapshot
        + " file "
        + dataFile
        + " position "
        + position;
  }

  public static String kafkaRecord(String topic, int partition, long offset) {
    return topic + "-" + partition + "@" + offset;
  }
}
