package dev.tributary.core.expr;

import dev.tributary.core.types.ValueType;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;

/**
 * The functions an expression may call. Time parts are taken in UTC, like every time in Tributary.
 */
enum Function {
  IF("if(condition, then, else): else when the condition is false or null") {
    @Override
    ValueType resultType(List<ValueType> args) {
      requireCount(args, 3);
      requireType(args, 0, ValueType.BOOLEAN);
      return commonType(args.subList(1, 3));
    }

    @Override
    Object apply(List<Expression> args, Object[] row) {
      boolean condition = Boolean.TRUE.equals(args.get(0).evaluate(row));
      return args.get(condition ? 1 : 2).evaluate(row);
    }
  },
  COALESCE("coalesce(a, b, ...): the first argument that is not null") {
    @Override
    ValueType resultType(List<ValueType> args) {
      if (args.size() < 2) {
        throw new IllegalArgumentException("takes at least 2 arguments");
      }
      return commonType(args);
    }

    @Override
    Object apply(List<Expression> args, Object[] row) {
      for (Expression arg : args) {
        Object value = arg.evaluate(row);
        if (value != null) {
          return value;
        }
      }
      return null;
    }
  },
  IS_NULL("is_null(x): true when x is null") {
    @Override
    ValueType resultType(List<ValueType> args) {
      requireCount(args, 1);
      return ValueType.BOOLEAN;
    }

    @Override
    Object apply(List<Expression> args, Object[] row) {
      return args.get(0).evaluate(row) == null;
    }
  },
  ABS("abs(number)") {
    @Override
    ValueType resultType(List<ValueType> args) {
      requireCount(args, 1);
      requireNumeric(args, 0);
      return args.get(0);
    }

    @Override
    Object apply(List<Expression> args, Object[] row) {
      Object value = args.get(0).evaluate(row);
      if (value instanceof Long) {
        long number = (Long) value;
        if (number == Long.MIN_VALUE) {
          throw new EvaluationException("long overflow in abs(" + number + ")");
        }
        return Math.abs(number);
      }
      return value == null ? null : Math.abs((Double) value);
    }
  },
  TO_DOUBLE("to_double(number)") {
    @Override
    ValueType resultType(List<ValueType> args) {
      requireCount(args, 1);
      requireNumeric(args, 0);
      return ValueType.DOUBLE;
    }

    @Override
    Object apply(List<Expression> args, Object[] row) {
      Object value = args.get(0).evaluate(row);
      return value == null ? null : ((Number) value).doubleValue();
    }
  },
  CONCAT("concat(string, string, ...)") {
    @Override
    ValueType resultType(List<ValueType> args) {
      if (args.size() < 2) {
        throw new IllegalArgumentException("takes at least 2 arguments");
      }
      for (int i = 0; i < args.size(); i++) {
        requireType(args, i, ValueType.STRING);
      }
      return ValueType.STRING;
    }

    @Override
    Object apply(List<Expression> args, Object[] row) {
      StringBuilder text = new StringBuilder();
      for (Expression arg : args) {
        Object value = arg.evaluate(row);
        if (value == null) {
          return null;
        }
        text.append(value);
      }
      return text.toString();
    }
  },
  LOWER("lower(string)") {
    @Override
    ValueType resultType(List<ValueType> args) {
      requireCount(args, 1);
      requireType(args, 0, ValueType.STRING);
      return ValueType.STRING;
    }

    @Override
    Object apply(List<Expression> args, Object[] row) {
      Object value = args.get(0).evaluate(row);
      return value == null ? null : ((String) value).toLowerCase(Locale.ROOT);
    }
  },
  SECONDS("seconds(n): n seconds as milliseconds, to add to a timestamp", 1_000L),
  MINUTES("minutes(n): n minutes as milliseconds, to add to a timestamp", 60_000L),
  HOURS("hours(n): n hours as milliseconds, to add to a timestamp", 3_600_000L),
  DAYS("days(n): n days as milliseconds, to add to a timestamp", 86_400_000L),
  MINUTE_OF_HOUR("minute_of_hour(timestamp): 0..59, UTC", ChronoField.MINUTE_OF_HOUR),
  HOUR_OF_DAY("hour_of_day(timestamp): 0..23, UTC", ChronoField.HOUR_OF_DAY),
  DAY_OF_WEEK("day_of_week(timestamp): 1 = Monday .. 7 = Sunday, UTC", ChronoField.DAY_OF_WEEK),
  DAY_OF_MONTH("day_of_month(timestamp): 1..31, UTC", ChronoField.DAY_OF_MONTH),
  MONTH("month(timestamp): 1..12, UTC", ChronoField.MONTH_OF_YEAR);

  private final String usage;

  /** For the duration functions: milliseconds per unit; 0 otherwise. */
  private final long unitMillis;

  /** For the time-part functions: the part of the UTC date-time; null otherwise. */
  private final ChronoField timePart;

  Function(String usage) {
    this(usage, 0L, null);
  }

  Function(String usage, long unitMillis) {
    this(usage, unitMillis, null);
  }

  Function(String usage, ChronoField timePart) {
    this(usage, 0L, timePart);
  }

  Function(String usage, long unitMillis, ChronoField timePart) {
    this.usage = usage;
    this.unitMillis = unitMillis;
    this.timePart = timePart;
  }

  /** The name used in expressions. */
  String functionName() {
    return name().toLowerCase(Locale.ROOT);
  }

  String usage() {
    return usage;
  }

  /**
   * The result type for these argument types. Durations and time parts take one argument, a long or
   * a timestamp, and give a long; the other functions say for themselves.
   *
   * @throws IllegalArgumentException saying what is wrong with the arguments
   */
  ValueType resultType(List<ValueType> args) {
    requireCount(args, 1);
    requireType(args, 0, timePart != null ? ValueType.TIMESTAMP : ValueType.LONG);
    return ValueType.LONG;
  }

  /** Evaluates the call; arguments are evaluated lazily so an untaken branch cannot fail. */
  Object apply(List<Expression> args, Object[] row) {
    Object value = args.get(0).evaluate(row);
    if (value == null) {
      return null;
    }
    if (timePart != null) {
      return (long) Instant.ofEpochMilli((Long) value).atZone(ZoneOffset.UTC).get(timePart);
    }
    try {
      return Math.multiplyExact((Long) value, unitMillis);
    } catch (ArithmeticException overflow) {
      throw new EvaluationException("long overflow in " + functionName() + "(" + value + ")");
    }
  }

  static Function byName(String name) {
    for (Function function : values()) {
      if (function.functionName().equals(name)) {
        return function;
      }
    }
    return null;
  }

  private static void requireCount(List<ValueType> args, int count) {
    if (args.size() != count) {
      throw new IllegalArgumentException(
          "takes " + count + " argument" + (count == 1 ? "" : "s") + ", got " + args.size());
    }
  }

  private static void requireType(List<ValueType> args, int index, ValueType expected) {
    if (args.get(index) != expected) {
      throw new IllegalArgumentException(
          "argument "
              + (index + 1)
              + " must be "
              + expected.yamlName()
              + ", got "
              + args.get(index).yamlName());
    }
  }

  private static void requireNumeric(List<ValueType> args, int index) {
    if (!args.get(index).isNumeric()) {
      throw new IllegalArgumentException(
          "argument " + (index + 1) + " must be long or double, got " + args.get(index).yamlName());
    }
  }

  /** Branches of if/coalesce must agree; long and double meet at double. */
  private static ValueType commonType(List<ValueType> types) {
    ValueType common = types.get(0);
    for (ValueType type : types) {
      if (type == common) {
        continue;
      }
      if (type.isNumeric() && common.isNumeric()) {
        common = ValueType.DOUBLE;
      } else {
        throw new IllegalArgumentException(
            "arguments must have one type, got " + common.yamlName() + " and " + type.yamlName());
      }
    }
    return common;
  }
}
