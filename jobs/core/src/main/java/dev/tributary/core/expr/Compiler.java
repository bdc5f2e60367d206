package dev.tributary.core.expr;

import dev.tributary.core.types.RowSchema;
import dev.tributary.core.types.ValueType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * Turns a parsed tree into a typed, evaluable {@link Expression}, reporting type errors with
 * offsets.
 */
final class Compiler {
  private final RowSchema schema;

  Compiler(RowSchema schema) {
    this.schema = schema;
  }

  Expression compile(Syntax node) {
    switch (node.kind()) {
      case INTEGER:
        return integer(node);
      case DECIMAL:
        return new Constant(ValueType.DOUBLE, Double.parseDouble(node.value()));
      case STRING:
        return new Constant(ValueType.STRING, node.value());
      case BOOLEAN:
        return new Constant(ValueType.BOOLEAN, Boolean.parseBoolean(node.value()));
      case COLUMN:
        return column(node);
      case CALL:
        return call(node);
      case UNARY:
        return unary(node);
      default:
        return binary(node);
    }
  }

  private Expression integer(Syntax node) {
    try {
      return new Constant(ValueType.LONG, Long.parseLong(node.value()));
    } catch (NumberFormatException tooLarge) {
      throw new ExpressionException(
          node.offset(), "integer " + node.value() + " does not fit in a long");
    }
  }

  private Expression column(Syntax node) {
    OptionalInt index = schema.indexOf(node.value());
    if (index.isEmpty()) {
      String known = schema.columns().stream().map(c -> c.name()).collect(Collectors.joining(", "));
      throw new ExpressionException(
          node.offset(), "unknown column '" + node.value() + "': the source schema has " + known);
    }
    return new ColumnReference(
        index.getAsInt(), node.value(), schema.column(index.getAsInt()).type());
  }

  private Expression call(Syntax node) {
    Function function = Function.byName(node.value());
    if (function == null) {
      String known =
          Arrays.stream(Function.values())
              .map(Function::functionName)
              .collect(Collectors.joining(", "));
      throw new ExpressionException(
          node.offset(), "unknown function '" + node.value() + "': known functions are " + known);
    }
    List<Expression> arguments = new ArrayList<>();
    for (Syntax child : node.children()) {
      arguments.add(compile(child));
    }
    try {
      ValueType type =
          function.resultType(
              arguments.stream().map(Expression::type).collect(Collectors.toList()));
      return new FunctionCall(function, List.copyOf(arguments), type);
    } catch (IllegalArgumentException wrongArguments) {
      throw new ExpressionException(
          node.offset(),
          function.functionName()
              + " "
              + wrongArguments.getMessage()
              + "; usage: "
              + function.usage());
    }
  }

  private Expression unary(Syntax node) {
    Expression operand = compile(node.children().get(0));
    if (node.value().equals("not")) {
      require(
          operand.type() == ValueType.BOOLEAN,
          node,
          "'not' needs a boolean, got " + operand.type().yamlName());
      return Logic.not(operand);
    }
    require(
        operand.type().isNumeric(), node, "'-' needs a number, got " + operand.type().yamlName());
    return new Negation(operand);
  }

  private Expression binary(Syntax node) {
    Expression left = compile(node.children().get(0));
    Expression right = compile(node.children().get(1));
    String op = node.value();
    ValueType a = left.type();
    ValueType b = right.type();
    switch (op) {
      case "and":
      case "or":
        require(
            a == ValueType.BOOLEAN && b == ValueType.BOOLEAN,
            node,
            "'"
                + op
                + "' needs booleans on both sides, got "
                + a.yamlName()
                + " and "
                + b.yamlName());
        return new Logic(op, left, right);
      case "==":
      case "!=":
      case "<":
      case "<=":
      case ">":
      case ">=":
        boolean comparable = (a.isNumeric() && b.isNumeric()) || a == b;
        require(comparable, node, "cannot compare " + a.yamlName() + " with " + b.yamlName());
        require(
            a != ValueType.BOOLEAN || op.equals("==") || op.equals("!="),
            node,
            "booleans can only be compared with == and !=");
        return new Comparison(op, left, right);
      default:
        return new Arithmetic(op, left, right, arithmeticType(node, a, b));
    }
  }

  private static ValueType arithmeticType(Syntax node, ValueType a, ValueType b) {
    String op = node.value();
    if (a == ValueType.TIMESTAMP || b == ValueType.TIMESTAMP) {
      if (op.equals("+") && (a == ValueType.LONG || b == ValueType.LONG)) {
        return ValueType.TIMESTAMP;
      }
      if (op.equals("-") && a == ValueType.TIMESTAMP && b == ValueType.LONG) {
        return ValueType.TIMESTAMP;
      }
      if (op.equals("-") && a == ValueType.TIMESTAMP && b == ValueType.TIMESTAMP) {
        return ValueType.LONG;
      }
      throw new ExpressionException(
          node.offset(),
          "'"
              + op
              + "' is not defined for "
              + a.yamlName()
              + " and "
              + b.yamlName()
              + ": add or subtract milliseconds, e.g. ts + minutes(delay)");
    }
    require(
        a.isNumeric() && b.isNumeric(),
        node,
        "'" + op + "' needs numbers, got " + a.yamlName() + " and " + b.yamlName());
    if (op.equals("/") || a == ValueType.DOUBLE || b == ValueType.DOUBLE) {
      return ValueType.DOUBLE;
    }
    return ValueType.LONG;
  }

  private static void require(boolean condition, Syntax node, String message) {
    if (!condition) {
      throw new ExpressionException(node.offset(), message);
    }
  }
}
