package dev.tributary.flink.materialize;

import dev.tributary.flink.records.SourceRecord;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Bounded out-of-orderness watermarks emitted as records arrive, not on a processing-time period.
 *
 * <p>The watermark after a record is a function of the records before it in its partition, so
 * whether a record is "too late" does not depend on how fast the job happens to read: a replay
 * gives the same dead letters every time. A watermark is only emitted when it advances, so the cost
 * is one compare per record.
 */
final class EventTimeWatermarks implements WatermarkGenerator<SourceRecord> {
  private final long outOfOrdernessMillis;
  private long maxTimestamp = Long.MIN_VALUE;
  private long emitted = Long.MIN_VALUE;

  EventTimeWatermarks(Duration maxOutOfOrderness) {
    this.outOfOrdernessMillis = maxOutOfOrderness.toMillis();
  }

  @Override
  public void onEvent(SourceRecord record, long eventTimestamp, WatermarkOutput output) {
    if (record.isRejected()) {
      return;
    }
    maxTimestamp = Math.max(maxTimestamp, record.eventTime);
    // As Flink's bounded out-of-orderness: events up to maxTimestamp - outOfOrderness may still
    // come.
    long watermark = maxTimestamp - outOfOrdernessMillis - 1;
    if (watermark > emitted) {
      emitted = watermark;
      output.emitWatermark(new Watermark(watermark));
    }
  }

  @Override
  public void onPeriodicEmit(WatermarkOutput output) {
    // everything is emitted in onEvent
  }
}
