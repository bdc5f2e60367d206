package dev.tributary.flink.training;

import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One row of a training spine on its way through the per-view lookups: its columns, its as-of time,
 * its entity key for each view, and the values each view's lookup filled in.
 *
 * <p>Serialized by {@link SpineRowSerializer} (the {@code TypeInfo} annotation), not by Kryo or
 * Flink's POJO serializer.
 */
@TypeInfo(SpineRowTypeInfo.Factory.class)
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
