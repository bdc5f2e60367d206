package dev.tributary.core.expr;

import dev.tributary.core.types.ValueType;
import java.util.List;
import java.util.stream.Collectors;

/** A call of one of the built-in {@link Function}s. */
record FunctionCall(Function function, List<Expression> arguments, ValueType type)
    implements Expression {

  @Override
  public Object evaluate(Object[] row) {
    Object value = function.apply(arguments, row);
    // if(c, 1, 2.5) is a double: a long branch is widened so the declared type always holds.
    if (type == ValueType.DOUBLE && value instanceof Long) {
      return ((Long) value).doubleValue();
    }
    return value;
  }

  @Override
  public String canonical() {
    return function.functionName()
        + "("
        + arguments.stream().map(Expression::canonical).collect(Collectors.joining(", "))
        + ")";
  }
}
