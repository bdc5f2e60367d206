package dev.tributary.flink.online;

import dev.tributary.flink.serde.FixedSerializerTypeInfo;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * Flink's type information for {@link OnlineUpdate}: its values are typed only at run time (a
 * feature can be a Long, a Double, a String, a list...), which Flink's POJO analysis cannot see, so
 * without this the job would fall back to Kryo and fail under {@code pipeline.generic-types:
 * false}.
 */
public final class OnlineUpdateTypeInfo extends FixedSerializerTypeInfo<OnlineUpdate> {
  private static final long serialVersionUID = 1L;

  /** The one instance; use it where a {@code TypeInformation} is asked for explicitly. */
  public static final OnlineUpdateTypeInfo INSTANCE = new OnlineUpdateTypeInfo();

  private OnlineUpdateTypeInfo() {
    super(OnlineUpdate.class, OnlineUpdateSerializer.INSTANCE);
  }

  /** Lets Flink's type extraction find {@link #INSTANCE} from the annotation on the record. */
  public static final class Factory extends TypeInfoFactory<OnlineUpdate> {
    @Override
    public TypeInformation<OnlineUpdate> createTypeInfo(
        Type type, Map<String, TypeInformation<?>> parameters) {
      return INSTANCE;
    }
  }
}
