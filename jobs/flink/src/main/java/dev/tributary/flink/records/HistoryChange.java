package dev.tributary.flink.records;

import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * A change to a history table: a row to write at {@code validFrom}, or the removal of the row at
 * {@code validFrom} (a late event made it redundant). A correction of an existing row is a removal
 * followed by a write at the same {@code validFrom}.
 *
 * <p>Serialized by {@link HistoryChangeSerializer} (the {@code TypeInfo} annotation), not Flink's
 * POJO serializer.
 */
@TypeInfo(HistoryChangeTypeInfo.Factory.class)
public class HistoryChange {
  public int view;
  public String key;
  public long validFrom;

  /**
   * Per-feature values ({@link dev.tributary.core.view.ViewValuesCodec#encodeValues}); null for a
   * removal.
   */
  public byte[] values;

  public HistoryChange() {}

  public HistoryChange(int view, String key, long validFrom, byte[] values) {
    this.view = view;
    this.key = key;
    this.validFrom = validFrom;
    this.values = values;
  }

  public boolean isRemoval() {
    return values == null;
  }
}
