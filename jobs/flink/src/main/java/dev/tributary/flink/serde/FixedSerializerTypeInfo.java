package dev.tributary.flink.serde;

import java.util.Objects;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Flink type information for a class Flink's analysis cannot type (its fields hold values typed
 * only at run time, or it is a library's class), given the one serializer that writes it. Without
 * one, such a class falls back to Kryo, which our clusters reject ({@code pipeline.generic-types:
 * false}).
 *
 * @param <T> the type described
 */
public class FixedSerializerTypeInfo<T> extends TypeInformation<T> {
  private static final long serialVersionUID = 1L;

  private final Class<T> type;
  private final TypeSerializer<T> serializer;

  protected FixedSerializerTypeInfo(Class<T> type, TypeSerializer<T> serializer) {
    this.type = type;
    this.serializer = serializer;
  }

  @Override
  public boolean isBasicType() {
    return false;
  }

  @Override
  public boolean isTupleType() {
    return false;
  }

  @Override
  public int getArity() {
    return 1;
  }

  @Override
  public int getTotalFields() {
    return 1;
  }

  @Override
  public Class<T> getTypeClass() {
    return type;
  }

  @Override
  public boolean isKeyType() {
    return false;
  }

  @Override
  public TypeSerializer<T> createSerializer(SerializerConfig config) {
    return serializer;
  }

  @Override
  public String toString() {
    return type.getSimpleName();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FixedSerializerTypeInfo<?> that
        && that.canEqual(this)
        && type == that.type;
  }

  @Override
  public int hashCode() {
    return Objects.hash(FixedSerializerTypeInfo.class, type);
  }

  @Override
  public boolean canEqual(Object other) {
    return other instanceof FixedSerializerTypeInfo;
  }
}
