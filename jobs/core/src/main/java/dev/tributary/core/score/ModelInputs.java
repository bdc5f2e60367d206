package dev.tributary.core.score;

import dev.tributary.core.agg.Aggregation;
import dev.tributary.core.defs.FeatureRef;
import dev.tributary.core.defs.FeatureView;
import dev.tributary.core.defs.KeyBinding;
import dev.tributary.core.defs.Model;
import dev.tributary.core.expr.Expression;
import dev.tributary.core.online.OnlineExpiry;
import dev.tributary.core.online.OnlineRecord;
import dev.tributary.core.types.RowSchema;
import dev.tributary.core.types.ValueType;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a scoring request and the online values of the views it needs into the model's input row:
 * the features in the order models.yaml lists them, as numbers, with missing values handled by the
 * model's {@link MissingPolicy}.
 *
 * <p>A view's values count as missing when the online store has nothing for the entity, and also
 * when what it has is past the view's TTL at the request time: the store's expiry is garbage
 * collection counted from the write, the time contract counts from the request (a stored as-of
 * older than {@code requestTime - ttl} means the newest event is older still, so the contract's
 * value is null). Booleans become 1 and 0; counts and other longs their value.
 */
public final class ModelInputs implements Serializable {
  private static final long serialVersionUID = 1L;

  /** As-of time logged for a view the online store had nothing for. */
  public static final long NO_AS_OF = Long.MIN_VALUE;

  private final Model model;
  private final List<FeatureView> views = new ArrayList<>();
  private final List<Expression[]> keysPerView = new ArrayList<>();
  private final int[] viewOfInput;
  private final int[] featureOfInput;

  /**
   * @param requestSchema the schema of the scoring's requests: each view's key expressions are
   *     compiled over it (definition validation already checked that they compile)
   */
  public ModelInputs(Model model, RowSchema requestSchema) {
    this.model = model;
    int inputs = model.inputs().size();
    viewOfInput = new int[inputs];
    featureOfInput = new int[inputs];
    for (int i = 0; i < inputs; i++) {
      FeatureRef input = model.inputs().get(i);
      if (!isNumeric(input)) {
        throw new IllegalArgumentException(
            "model '"
                + model.name()
                + "' input "
                + input.qualifiedName()
                + " is not a number, boolean or timestamp: a model input tensor holds numbers");
      }
      int view = views.indexOf(input.view());
      if (view < 0) {
        view = views.size();
        views.add(input.view());
        keysPerView.add(
            input.view().keys().stream()
                .map(KeyBinding::value)
                .map(key -> Expression.compile(key.canonical(), requestSchema))
                .toArray(Expression[]::new));
      }
      viewOfInput[i] = view;
      featureOfInput[i] = input.view().features().indexOf(input.feature());
    }
  }

  /** Whether a model input can go into a numeric tensor. */
  public static boolean isNumeric(FeatureRef input) {
    ValueType type = input.feature().resultType();
    return input.feature().aggregation() != Aggregation.LAST_N && type != ValueType.STRING;
  }

  public Model model() {
    return model;
  }

  /** The views the inputs come from, in order of first use: one online lookup each per request. */
  public List<FeatureView> views() {
    return views;
  }

  /** The entity key values of {@code view} (an index of {@link #views()}) for a request row. */
  public List<Object> keyValues(int view, Object[] request) {
    Expression[] keys = keysPerView.get(view);
    List<Object> values = new ArrayList<>(keys.length);
    for (Expression key : keys) {
      values.add(key.evaluate(request));
    }
    return values;
  }

  /**
   * The input row of one request.
   *
   * @param records the online record of each of {@link #views()}, null where the store had none
   * @param requestTime UTC ms of the request, for the TTL check
   * @param trainingMeans the serving version's training mean per input; needed only by {@link
   *     MissingPolicy#MEAN_FROM_TRAINING}
   */
  public InputRow assemble(List<OnlineRecord> records, long requestTime, double[] trainingMeans) {
    long[] asOf = new long[views.size()];
    boolean[] expired = new boolean[views.size()];
    for (int v = 0; v < views.size(); v++) {
      OnlineRecord record = records.get(v);
      expired[v] = record != null && OnlineExpiry.expired(views.get(v), record, requestTime);
      // Past its TTL, the contract's value at the request time is null: log that time.
      asOf[v] = record == null ? NO_AS_OF : expired[v] ? requestTime : record.asOf();
    }
    int inputs = viewOfInput.length;
    Object[] features = new Object[inputs];
    double[] values = new double[inputs];
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < inputs; i++) {
      OnlineRecord record = records.get(viewOfInput[i]);
      Object value =
          record == null || expired[viewOfInput[i]] ? null : record.value(featureOfInput[i]);
      features[i] = value;
      if (value == null) {
        missing.add(model.inputs().get(i).qualifiedName());
        values[i] = replacement(i, trainingMeans);
      } else {
        values[i] = number(value);
      }
    }
    return new InputRow(values, features, asOf, missing, model.missing() == MissingPolicy.REJECT);
  }

  private double replacement(int input, double[] trainingMeans) {
    return switch (model.missing()) {
      case ZERO, REJECT -> 0.0;
      case MEAN_FROM_TRAINING -> {
        if (trainingMeans == null || trainingMeans.length != viewOfInput.length) {
          throw new IllegalStateException(
              "model '" + model.name() + "' needs training means for all inputs");
        }
        yield trainingMeans[input];
      }
    };
  }

  private static double number(Object value) {
    if (value instanceof Boolean b) {
      return b ? 1.0 : 0.0;
    }
    return ((Number) value).doubleValue();
  }
}
