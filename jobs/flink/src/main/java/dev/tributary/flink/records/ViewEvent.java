package dev.tributary.flink.records;

/**
 * One source event as one view sees it, on its way to the operator keyed by (view version, entity)
 * ({@link ViewVersionKey}).
 *
 * <p>A Flink POJO of primitives, a string and bytes, so it is serialized without Kryo.
 */
public class ViewEvent {
  /**
   * Index of the view in the job's list of views: valid within one job only, so never part of a key
   * that state outlives.
   */
  public int view;

  /** The encoded entity key ({@link dev.tributary.core.keys.EntityKeyCodec}). */
  public String key;

  public long eventTime;

  /** Per-feature inputs ({@link dev.tributary.core.view.ViewValuesCodec#encodeInputs}). */
  public byte[] inputs;

  public ViewEvent() {}

  public ViewEvent(int view, String key, long eventTime, byte[] inputs) {
    this.view = view;
    this.key = key;
    this.eventTime = eventTime;
    this.inputs = inputs;
  }
}
