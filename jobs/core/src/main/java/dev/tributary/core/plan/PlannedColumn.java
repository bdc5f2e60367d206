package dev.tributary.core.plan;

import dev.tributary.core.types.ValueType;

/**
 * A column of a table Tributary writes.
 *
 * @param list true when the column holds a list of {@code type} (last_n features)
 * @param required true when the column is never null
 */
public record PlannedColumn(
    String name, ValueType type, boolean list, boolean required, String doc) {

  /** The type as plans print it: {@code long}, {@code list<long>}. */
  public String typeName() {
    return list ? "list<" + type.yamlName() + ">" : type.yamlName();
  }
}
