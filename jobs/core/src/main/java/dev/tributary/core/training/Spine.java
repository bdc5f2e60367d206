package dev.tributary.core.training;

import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.defs.KeyBinding;
import dev.tributary.core.defs.Model;
import dev.tributary.core.defs.Source;
import dev.tributary.core.expr.Expression;
import dev.tributary.core.expr.ExpressionException;
import dev.tributary.core.keys.EntityKeyCodec;
import dev.tributary.core.types.Column;
import dev.tributary.core.types.RowSchema;
import dev.tributary.core.types.ValueType;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules that turn rows of a source into a training spine: which rows, their as-of time, their
 * label, and each view's entity key.
 *
 * <p>A spine row holds every column of the source row, then {@code label} (for a model's spine) and
 * {@code as_of}. For a model, the rows are its label source's events, the as-of time is the label's
 * {@code prediction_time} and the label its {@code value}; for any other source (a file of entity
 * keys and times, declared as a source), the as-of time is the source's event time. A view's key is
 * its key expression evaluated over the spine row, so a spine needs the columns the view's keys
 * read (for flights: {@code origin}, {@code destination}).
 */
public final class Spine implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final String LABEL = "label";
  public static final String AS_OF = "as_of";

  private final Source source;
  private final String description;

  /** Over the source row; null means the source's event time. */
  private final Expression asOf;

  private final Expression label;
  private final RowSchema schema;

  private Spine(Source source, String description, Expression asOf, Expression label) {
    this.source = source;
    this.description = description;
    this.asOf = asOf;
    this.label = label;
    List<Column> columns = new ArrayList<>(source.schema().columns());
    for (String added : label == null ? List.of(AS_OF) : List.of(LABEL, AS_OF)) {
      if (source.schema().indexOf(added).isPresent()) {
        throw new IllegalArgumentException(
            "source '"
                + source.name()
                + "' ("
                + source.at()
                + ") has a column '"
                + added
                + "', which a training spine adds itself: rename the column");
      }
    }
    if (label != null) {
      columns.add(new Column(LABEL, label.type()));
    }
    columns.add(new Column(AS_OF, ValueType.TIMESTAMP));
    this.schema = new RowSchema(columns);
  }

  /** The spine of a model: its label source's events, as of the prediction time, with the label. */
  public static Spine ofLabel(Model model) {
    return new Spine(
        model.label().source(),
        "label rows of model "
            + model.name()
            + " (source "
            + model.label().source().name()
            + ", as_of = "
            + model.label().predictionTime().canonical()
            + ", label = "
            + model.label().value().canonical()
            + ")",
        model.label().predictionTime(),
        model.label().value());
  }

  /** A spine of any source's rows, as of their event time. */
  public static Spine ofSource(Source source) {
    return new Spine(
        source,
        "rows of source "
            + source.name()
            + " (as_of = event time "
            + source.eventTime().canonical()
            + ")",
        null,
        null);
  }

  public Source source() {
    return source;
  }

  /**
   * Says where the rows come from and how as-of times and labels are computed (a table property).
   */
  public String description() {
    return description;
  }

  /** Source columns, then {@code label} when there is one, then {@code as_of}. */
  public RowSchema schema() {
    return schema;
  }

  /**
   * The spine row of a source row, or null when its as-of time is null or outside {@code [from,
   * to)}.
   */
  public Object[] row(Object[] sourceRow, long eventTime, long from, long to) {
    Long time = asOf == null ? Long.valueOf(eventTime) : (Long) asOf.evaluate(sourceRow);
    if (time == null || time < from || time >= to) {
      return null;
    }
    Object[] row = new Object[schema.size()];
    System.arraycopy(sourceRow, 0, row, 0, sourceRow.length);
    if (label != null) {
      row[sourceRow.length] = label.evaluate(sourceRow);
    }
    row[row.length - 1] = time;
    return row;
  }

  /**
   * The expression of a row's as-of time over the source's columns: the prediction time, or the
   * event time.
   */
  public Expression asOfTime() {
    return asOf != null ? asOf : source.eventTime();
  }

  public long asOf(Object[] spineRow) {
    return (Long) spineRow[spineRow.length - 1];
  }

  /** Compiles {@code view}'s key expressions against the spine's columns. */
  public SpineKeys keysOf(FeatureView view) {
    List<Expression> keys = new ArrayList<>();
    for (KeyBinding binding : view.keys()) {
      try {
        keys.add(Expression.compile(binding.value().canonical(), schema));
      } catch (ExpressionException e) {
        throw new IllegalArgumentException(
            "view '"
                + view.name()
                + "' needs key '"
                + binding.key().name()
                + "' = "
                + binding.value().canonical()
                + ", which the spine ("
                + description
                + ") cannot compute: "
                + e.getMessage(),
            e);
      }
    }
    return new SpineKeys(view.name(), keys);
  }

  /** One view's entity key over spine rows. */
  public record SpineKeys(String view, List<Expression> keys) implements Serializable {
    /**
     * The encoded entity key, or null when a key value is null (the row gets the values without
     * events).
     */
    public String encodedKey(Object[] spineRow) {
      List<Object> values = new ArrayList<>(keys.size());
      for (Expression key : keys) {
        Object value = key.evaluate(spineRow);
        if (value == null) {
          return null;
        }
        values.add(value);
      }
      return EntityKeyCodec.encode(values);
    }
  }
}
