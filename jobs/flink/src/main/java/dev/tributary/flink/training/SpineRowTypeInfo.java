package dev.tributary.flink.training;

import dev.tributary.flink.serde.FixedSerializerTypeInfo;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/** Flink's type information for {@link SpineRow}: its hand-written serializer. */
public final class SpineRowTypeInfo extends FixedSerializerTypeInfo<SpineRow> {
  private static final long serialVersionUID = 1L;

  public static final SpineRowTypeInfo INSTANCE = new SpineRowTypeInfo();

  private SpineRowTypeInfo() {
    super(SpineRow.class, SpineRowSerializer.INSTANCE);
  }

  /** Lets Flink's type extraction find {@link #INSTANCE} from the annotation on the record. */
  public static final class Factory extends TypeInfoFactory<SpineRow> {
    @Override
    public TypeInformation<SpineRow> createTypeInfo(
        Type type, Map<String, TypeInformation<?>> parameters) {
      return INSTANCE;
    }
  }
}
