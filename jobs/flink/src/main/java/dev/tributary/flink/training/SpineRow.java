package dev.tributary.flink.training;

/**
 * One row of a training spine on its way through the per-view lookups: its columns, its as-of time,
 * its entity key for each view, and the values each view's lookup filled in.
 *
 * <p>A Flink POJO of primitives, strings and bytes, so it is serialized without Kryo.
 */
public class SpineRow {
  /**
   * The spine columns ({@link dev.tributary.core.view.ViewValuesCodec#encodeRow} of the spine
   * schema).
   */
  public byte[] row;

  /** The time the features are taken as of (UTC ms). */
  public long asOf;

  /**
   * Per view of the training set, the encoded entity key ({@link
   * dev.tributary.core.keys.EntityKeyCodec}).
   */
  public String[] keys;

  /**
   * Per view, its values as of {@link #asOf} ({@link
   * dev.tributary.core.view.ViewValuesCodec#encodeValues}).
   */
  public byte[][] features;

  public SpineRow() {}

  public SpineRow(byte[] row, long asOf, String[] keys) {
    this.row = row;
    this.asOf = asOf;
    this.keys = keys;
    this.features = new byte[keys.length][];
  }
}
