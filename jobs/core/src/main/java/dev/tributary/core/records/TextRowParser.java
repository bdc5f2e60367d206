package dev.tributary.core.records;

import dev.tributary.core.defs.Source;
import dev.tributary.core.types.RowSchema;
import java.io.Serializable;

/**
 * Rows whose values arrive as text, one string per column (CSV): each converted by the column's
 * type with the same rules as JSON numbers and timestamps, then checked by the {@link
 * RowValidator}.
 */
public final class TextRowParser implements Serializable {
  private static final long serialVersionUID = 1L;

  private final RowSchema schema;
  private final RowValidator validator;

  public TextRowParser(Source source, TimestampRange plausible) {
    this.schema = source.schema();
    this.validator = new RowValidator(source, plausible);
  }

  /**
   * @param fields one text per schema column, in schema order; null for an absent value (in CSV, an
   *     unquoted empty field), which is rejected as missing
   */
  public ParseOutcome parse(String[] fields) {
    Object[] row = new Object[schema.size()];
    for (int i = 0; i < row.length; i++) {
      if (fields[i] == null) {
        return RecordRejection.field(schema.column(i).name(), "missing (empty)");
      }
      try {
        row[i] = TextCoercion.coerce(fields[i], schema.column(i).type());
      } catch (ValueProblem problem) {
        return RecordRejection.field(schema.column(i).name(), problem);
      }
    }
    return validator.validate(row);
  }
}
