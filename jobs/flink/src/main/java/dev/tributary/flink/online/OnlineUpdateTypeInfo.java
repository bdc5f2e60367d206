package dev.tributary.flink.online;

import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Flink's type information for {@link OnlineUpdate}: its values are typed only at run time (a
 * feature can be a Long, a Double, a String, a list...), which Flink's POJO analysis cannot see, so
 * without this the job would fall back to Kryo and fail under {@code pipeline.generic-types: false}.
 */
public final class OnlineUpdateTypeInfo extends TypeInformation<OnlineUpdate> {
  private static final long serialVersionUID = 1L;

  /** The one instance; use it where a {@code TypeInformation} is asked for explicitly. */
  public static final OnlineUpdateTypeInfo INSTANCE = new OnlineUpdateTypeInfo();

  private OnlineUpdateTypeInfo() {}

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
  public Class<OnlineUpdate> getTypeClass() {
    return OnlineUpdate.class;
  }

  @Override
  public boolean isKeyType() {
    return false;
  }

  @Override
  public TypeSerializer<OnlineUpdate> createSerializer(SerializerConfig config) {
    return OnlineUpdateSerializer.INSTANCE;
  }

  @Override
  public String toString() {
    return "OnlineUpdate";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof OnlineUpdateTypeInfo;
  }

  @Override
  public int hashCode() {
    return OnlineUpdateTypeInfo.class.hashCode();
  }

  @Override
  public boolean canEqual(Object other) {
    return other instanceof OnlineUpdateTypeInfo;
  }

  /** Lets Flink's type extraction find {@link #INSTANCE} from the annotation on the record. */
  public static final class Factory extends TypeInfoFactory<OnlineUpdate> {
    @Override
    public TypeInformation<OnlineUpdate> createTypeInfo(Type type, Map<String, TypeInformation<?>> parameters) {
      return INSTANCE;
    }
  }
}
