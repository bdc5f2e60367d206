package dev.tributary.flink.serde;

import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * A stateless serializer of a record with public, mutable fields that its operators fill in as it
 * goes (what Flink's POJO serializer would write by reflection): one instance serves every use, and
 * a subclass says how to write, read and copy a record.
 *
 * @param <T> the record type
 */
public abstract class MutableRecordSerializer<T> extends MutableSerializer<T> {
  private static final long serialVersionUID = 1L;

  @Override
  public final TypeSerializer<T> duplicate() {
    return this;
  }

  @Override
  public final boolean equals(Object other) {
    return other != null && other.getClass() == getClass();
  }

  @Override
  public final int hashCode() {
    return getClass().hashCode();
  }
}
