package dev.tributary.serve.grpc;

import dev.tributary.serve.BadRequestException;
import dev.tributary.serve.ServeLimits;
import dev.tributary.serve.features.EntityColumns;
import dev.tributary.serve.protocol.Value;
import dev.tributary.serve.protocol.ValueList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@link Value}s to and from the Java values of features and keys. */
final class ProtoValues {
  private static final Value NULL = Value.getDefaultInstance();

  private ProtoValues() {}

  static EntityColumns entities(Map<String, ValueList> columns, ServeLimits limits) {
    Map<String, List<Object>> values = new LinkedHashMap<>();
    // Proto maps have no order; sorted names make messages about columns repeatable.
    for (Map.Entry<String, ValueList> column : new TreeMap<>(columns).entrySet()) {
      List<Object> list = new ArrayList<>(column.getValue().getValuesCount());
      for (int i = 0; i < column.getValue().getValuesCount(); i++) {
        list.add(
            scalar(column.getValue().getValues(i), "entities." + column.getKey() + "[" + i + "]"));
      }
      values.put(column.getKey(), list);
    }
    return EntityColumns.of(values, "entities", limits);
  }

  private static Object scalar(Value value, String field) {
    return switch (value.getKindCase()) {
      case STRING_VALUE -> value.getStringValue();
      case LONG_VALUE -> value.getLongValue();
      case DOUBLE_VALUE -> value.getDoubleValue();
      case BOOL_VALUE -> value.getBoolValue();
      case KIND_NOT_SET -> null;
      case LIST_VALUE -> throw new BadRequestException(field + " must be a scalar, not a list");
    };
  }

  static Value of(Object value) {
    if (value == null) {
      return NULL;
    }
    Value.Builder out = Value.newBuilder();
    if (value instanceof Long l) {
      out.setLongValue(l);
    } else if (value instanceof Double d) {
      out.setDoubleValue(d);
    } else if (value instanceof Boolean b) {
      out.setBoolValue(b);
    } else if (value instanceof List<?> list) {
      ValueList.Builder elements = ValueList.newBuilder();
      list.forEach(element -> elements.addValues(of(element)));
      out.setListValue(elements);
    } else {
      out.setStringValue(value.toString());
    }
    return out.build();
  }
}
