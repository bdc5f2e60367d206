package dev.tributary.core.expr;

import java.util.ArrayList;
import java.util.List;

/**
 * Recursive-descent parser for the row-level expression language.
 *
 * <pre>
 * or      := and ('or' and)*
 * and     := not ('and' not)*
 * not     := 'not' not | compare
 * compare := add (('==' | '!=' | '&lt;' | '&lt;=' | '&gt;' | '&gt;=') add)?
 * add     := mul (('+' | '-') mul)*
 * mul     := unary (('*' | '/' | '%') unary)*
 * unary   := '-' unary | primary
 * primary := number | string | 'true' | 'false' | name | name '(' args ')' | '(' or ')'
 * </pre>
 */
final class Parser {
  private final List<Token> tokens;
  private int index;

  private Parser(String text) {
    this.tokens = new Lexer(text).tokens();
  }

  static Syntax parse(String text) {
    Parser parser = new Parser(text);
    Syntax tree = parser.or();
    Token rest = parser.peek();
    if (rest.kind() != Token.Kind.END) {
      throw new ExpressionException(
          rest.offset(),
          "unexpected '"
              + rest.text()
              + "' after a complete expression: is an operator or a comma missing?");
    }
    return tree;
  }

  private Syntax or() {
    Syntax left = and();
    while (peek().isKeyword("or")) {
      Token op = advance();
      left = binary(op, left, and());
    }
    return left;
  }

  private Syntax and() {
    Syntax left = not();
    while (peek().isKeyword("and")) {
      Token op = advance();
      left = binary(op, left, not());
    }
    return left;
  }

  private Syntax not() {
    if (peek().isKeyword("not")) {
      Token op = advance();
      return new Syntax(Syntax.Kind.UNARY, "not", op.offset(), List.of(not()));
    }
    return compare();
  }

  private Syntax compare() {
    Syntax left = add();
    Token next = peek();
    if (next.kind() == Token.Kind.OPERATOR
        && List.of("==", "!=", "<", "<=", ">", ">=").contains(next.text())) {
      advance();
      return binary(next, left, add());
    }
    return left;
  }

  private Syntax add() {
    Syntax left = multiply();
    while (peek().isOperator("+") || peek().isOperator("-")) {
      Token op = advance();
      left = binary(op, left, multiply());
    }
    return left;
  }

  private Syntax multiply() {
    Syntax left = unary();
    while (peek().isOperator("*") || peek().isOperator("/") || peek().isOperator("%")) {
      Token op = advance();
      left = binary(op, left, unary());
    }
    return left;
  }

  private Syntax unary() {
    if (peek().isOperator("-")) {
      Token op = advance();
      return new Syntax(Syntax.Kind.UNARY, "-", op.offset(), List.of(unary()));
    }
    return primary();
  }

  private Syntax primary() {
    Token token = advance();
    switch (token.kind()) {
      case NUMBER:
        boolean decimal = token.text().contains(".") || token.text().toLowerCase().contains("e");
        return Syntax.leaf(
            decimal ? Syntax.Kind.DECIMAL : Syntax.Kind.INTEGER, token.text(), token.offset());
      case STRING:
        return Syntax.leaf(Syntax.Kind.STRING, token.text(), token.offset());
      case IDENTIFIER:
        return nameOrCall(token);
      case LEFT_PAREN:
        Syntax inner = or();
        expect(Token.Kind.RIGHT_PAREN, "')' to close the '(' at offset " + token.offset());
        return inner;
      case END:
        throw new ExpressionException(
            token.offset(), "the expression ends where a value was expected");
      default:
        throw new ExpressionException(
            token.offset(), "expected a value but found '" + token.text() + "'");
    }
  }

  private Syntax nameOrCall(Token name) {
    if (name.text().equals("true") || name.text().equals("false")) {
      return Syntax.leaf(Syntax.Kind.BOOLEAN, name.text(), name.offset());
    }
    if (peek().kind() != Token.Kind.LEFT_PAREN) {
      return Syntax.leaf(Syntax.Kind.COLUMN, name.text(), name.offset());
    }
    advance();
    List<Syntax> arguments = new ArrayList<>();
    if (peek().kind() != Token.Kind.RIGHT_PAREN) {
      arguments.add(or());
      while (peek().kind() == Token.Kind.COMMA) {
        advance();
        arguments.add(or());
      }
    }
    expect(Token.Kind.RIGHT_PAREN, "')' or ',' in the arguments of " + name.text() + "(...)");
    return new Syntax(Syntax.Kind.CALL, name.text(), name.offset(), List.copyOf(arguments));
  }

  private static Syntax binary(Token op, Syntax left, Syntax right) {
    return new Syntax(Syntax.Kind.BINARY, op.text(), op.offset(), List.of(left, right));
  }

  private void expect(Token.Kind kind, String what) {
    Token token = advance();
    if (token.kind() != kind) {
      String found =
          token.kind() == Token.Kind.END ? "the end of the expression" : "'" + token.text() + "'";
      throw new ExpressionException(token.offset(), "expected " + what + " but found " + found);
    }
  }

  private Token peek() {
    return tokens.get(index);
  }

  private Token advance() {
    Token token = tokens.get(index);
    if (token.kind() != Token.Kind.END) {
      index++;
    }
    return token;
  }
}
