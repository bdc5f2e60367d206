package dev.tributary.flink.online;

import dev.tributary.core.defs.FeatureView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * New online values of one entity of one view version, as the materialization operator emits them.
 *
 * <p>Flink serializes it with {@link OnlineUpdateSerializer} (picked up through the {@link
 * TypeInfo} annotation, so no Kryo and no {@code returns(..)} hint is needed), which writes each
 * value with a one-byte type tag; the view is carried by its versioned name and resolved by the
 * sink, so a record never drags a whole {@link FeatureView} through the network.
 *
 * @param view the view version, {@link FeatureView#versionedName()}
 * @param keyValues the entity key values in the entity's key order
 * @param asOf the instant (UTC ms) the values hold at; the store keeps only the newest
 * @param values one value per feature in the view's order (null for none; a {@code List} for {@code
 *     last_n}); Boolean, Long (also timestamps), Double, String
 * @param eventTimeMillis the event time that caused the update, when there is one: the sink
 *     measures freshness (event time to Redis write) from it; null for updates from a watermark or
 *     timer
 */
@TypeInfo(OnlineUpdateTypeInfo.Factory.class)
public record OnlineUpdate(
    String view, List<Object> keyValues, long asOf, Object[] values, Long eventTimeMillis) {

  public OnlineUpdate {
    Objects.requireNonNull(view, "view");
    keyValues = Collections.unmodifiableList(new ArrayList<>(keyValues));
    values = values.clone();
  }

  /** An update of {@code view}'s values for one entity. */
  public static OnlineUpdate of(
      FeatureView view, List<?> keyValues, long asOf, Object[] values, Long eventTimeMillis) {
    return new OnlineUpdate(
        view.versionedName(), new ArrayList<>(keyValues), asOf, values, eventTimeMillis);
  }

  /** A copy of the values (the record itself never changes). */
  @Override
  public Object[] values() {
    return values.clone();
  }

  Object[] valuesUnsafe() {
    return values;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof OnlineUpdate that
        && view.equals(that.view)
        && keyValues.equals(that.keyValues)
        && asOf == that.asOf
        && Arrays.deepEquals(values, that.values)
        && Objects.equals(eventTimeMillis, that.eventTimeMillis);
  }

  @Override
  public int hashCode() {
    return Objects.hash(view, keyValues, asOf, Arrays.deepHashCode(values), eventTimeMillis);
  }

  @Override
  public String toString() {
    return "OnlineUpdate["
        + view
        + " "
        + keyValues
        + " as of "
        + asOf
        + " "
        + Arrays.deepToString(values)
        + (eventTimeMillis == null ? "" : ", event time " + eventTimeMillis)
        + "]";
  }
}
