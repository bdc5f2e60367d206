package dev.tributary.flink.records;

import dev.tributary.flink.serde.FixedSerializerTypeInfo;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/** Flink's type information for {@link HistoryChange}: its hand-written serializer. */
public final class HistoryChangeTypeInfo extends FixedSerializerTypeInfo<HistoryChange> {
  private static final long serialVersionUID = 1L;

  /** The one instance; use it where a {@code TypeInformation} is asked for explicitly. */
  public static final HistoryChangeTypeInfo INSTANCE = new HistoryChangeTypeInfo();

  private HistoryChangeTypeInfo() {
    super(HistoryChange.class, HistoryChangeSerializer.INSTANCE);
  }

  /** Lets Flink's type extraction find {@link #INSTANCE} from the annotation on the record. */
  public static final class Factory extends TypeInfoFactory<HistoryChange> {
    @Override
    public TypeInformation<HistoryChange> createTypeInfo(
        Type type, Map<String, TypeInformation<?>> parameters) {
      return INSTANCE;
    }
  }
}
