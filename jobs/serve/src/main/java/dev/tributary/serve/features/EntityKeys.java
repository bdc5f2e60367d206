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

  /**
   * One key list per row, in the entity's key order. Which column or binding gives each key is
   * settled once per view; the rows then only read and type values.
   */
  public List<List<Object>> of(FeatureView view) {
    List<KeyBinding> bindings = view.keys();
    int size = bindings.size();
    List<Object>[] keyColumns = columnsOf(bindings.stream().map(KeyBinding::key).toList());
    List<Object>[] sourceColumns = null;
    for (int k = 0; k < size; k++) {
      if (keyColumns[k] != null) {
        used.add(bindings.get(k).key().name());
      } else {
        markReadBy(view, bindings.get(k));
        if (sourceColumns == null) {
          sourceColumns = columnsOf(view.source().schema().columns());
        }
      }
    }
    RowSchema schema = view.source().schema();
    List<List<Object>> keys = new ArrayList<>(columns.rows());
    for (int row = 0; row < columns.rows(); row++) {
      List<Object> values = new ArrayList<>(size);
      Object[] sourceRow = null;
      for (int k = 0; k < size; k++) {
        KeyBinding binding = bindings.get(k);
        Column key = binding.key();
        Object value;
        if (keyColumns[k] != null) {
          value = ColumnValue.of(keyColumns[k].get(row), key, field, row);
        } else {
          if (sourceRow == null) {
            sourceRow = sourceRow(schema, sourceColumns, row);
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

  /** The request's values of each column, null where the request does not give it. */
  @SuppressWarnings("unchecked")
  private List<Object>[] columnsOf(List<Column> wanted) {
    List<Object>[] values = new List[wanted.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = columns.columns().get(wanted.get(i).name());
    }
    return values;
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

  private Object[] sourceRow(RowSchema schema, List<Object>[] sourceColumns, int row) {
    Object[] values = new Object[schema.size()];
    for (int i = 0; i < schema.size(); i++) {
      if (sourceColumns[i] != null) {
        values[i] = ColumnValue.of(sourceColumns[i].get(row), schema.column(i), field, row);
      }
    }
    return values;
  }

  /**
   * Marks the given columns a binding reads as used: the schema's columns named in its canonical
   * text. Exact for bare columns and safe for expressions (a column named only in a string literal
   * stays "used", never wrongly rejected).
   */
  private void markReadBy(FeatureView view, KeyBinding binding) {
    for (Column column : view.source().schema().columns()) {
      if (columns.has(column.name()) && binding.value().canonical().contains(column.name())) {
        used.add(column.name());
      }
    }
  }

  private Object evaluate(FeatureView view, KeyBinding binding, Object[] sourceRow) {
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
}
