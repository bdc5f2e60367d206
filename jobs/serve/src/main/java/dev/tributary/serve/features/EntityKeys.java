package dev.tributary.serve.features;

import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.defs.KeyBinding;
import dev.tributary.core.expr.EvaluationException;
import dev.tributary.core.types.Column;
import dev.tributary.core.types.RowSchema;
import dev.tributary.serve.BadRequestException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The entity key values of a view for each request row.
 *
 * <p>A key is taken from the column named like the entity's key ({@code airport}, Feast's join
 * key), or else computed by the view's key binding over the source columns the request gives: with
 * {@code {"origin": [...], "destination": [...]}}, {@code origin_delays} ({@code airport: origin})
 * reads the origin, {@code dest_delays} ({@code airport: destination}) the destination, and {@code
 * route_delays} both. So one request in the shape of a flight gets every view of it.
 */
public final class EntityKeys {
  private final EntityColumns columns;
  private final String field;
  private final Set<String> used = new HashSet<>();

  /**
   * @param field how the request names the columns, for messages ({@code entities})
   */
  public EntityKeys(EntityColumns columns, String field) {
    this.columns = columns;
    this.field = field;
  }

  /** One key list per row, in the entity's key order. */
  public List<List<Object>> of(FeatureView view) {
    List<List<Object>> keys = new ArrayList<>(columns.rows());
    RowSchema schema = view.source().schema();
    for (int row = 0; row < columns.rows(); row++) {
      List<Object> values = new ArrayList<>(view.keys().size());
      Object[] sourceRow = null;
      for (KeyBinding binding : view.keys()) {
        Column key = binding.key();
        Object value;
        if (columns.has(key.name())) {
          used.add(key.name());
          value = ColumnValue.of(columns.value(key.name(), row), key, at(key.name(), row));
        } else {
          if (sourceRow == null) {
            sourceRow = sourceRow(schema, row);
          }
          value = evaluate(view, binding, sourceRow);
        }
        if (value == null) {
          throw new BadRequestException(
              "row "
                  + row
                  + " has no key '"
                  + key.name()
                  + "' for view '"
                  + view.name()
                  + "': give "
                  + field
                  + "."
                  + key.name()
                  + " or the source columns of its binding "
                  + binding.value().canonical());
        }
        values.add(value);
      }
      keys.add(values);
    }
    return keys;
  }

  /**
   * Rejects columns that no view used: a misspelt column would otherwise be ignored silently. Call
   * after {@link #of} for every view of the request.
   */
  public void checkAllUsed() {
    for (String column : columns.columns().keySet()) {
      if (!used.contains(column)) {
        throw new BadRequestException(
            field
                + "."
                + column
                + " is neither an entity key nor a key column of the requested views: remove it or"
                + " check its spelling");
      }
    }
  }

  private Object[] sourceRow(RowSchema schema, int row) {
    Object[] values = new Object[schema.size()];
    for (int i = 0; i < schema.size(); i++) {
      Column column = schema.column(i);
      if (columns.has(column.name())) {
        values[i] =
            ColumnValue.of(columns.value(column.name(), row), column, at(column.name(), row));
      }
    }
    return values;
  }

  private Object evaluate(FeatureView view, KeyBinding binding, Object[] sourceRow) {
    // The columns a binding reads are the schema's columns named in its canonical text; marking
    // every present source column that the text mentions is exact for bare columns and safe for
    // expressions (a column named only in a string literal stays "used", never wrongly rejected).
    for (Column column : view.source().schema().columns()) {
      if (columns.has(column.name()) && binding.value().canonical().contains(column.name())) {
        used.add(column.name());
      }
    }
    try {
      return binding.value().evaluate(sourceRow);
    } catch (EvaluationException unusable) {
      throw new BadRequestException(
          "key '"
              + binding.key().name()
              + "' of view '"
              + view.name()
              + "': "
              + unusable.getMessage());
    }
  }

  private String at(String column, int row) {
    return field + "." + column + "[" + row + "]";
  }
}
