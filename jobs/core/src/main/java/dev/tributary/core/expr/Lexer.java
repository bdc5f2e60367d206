package dev.tributary.core.expr;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits expression text into tokens; strings use single or double quotes with doubling to escape.
 */
final class Lexer {
  private static final String TWO_CHAR_OPERATORS = "== != <= >=";
  private static final String ONE_CHAR_OPERATORS = "+-*/%<>";

  private final String text;
  private int position;

  Lexer(String text) {
    this.text = text;
  }

  List<Token> tokens() {
    List<Token> tokens = new ArrayList<>();
    while (true) {
      skipWhitespace();
      if (position >= text.length()) {
        tokens.add(new Token(Token.Kind.END, "", position));
        return tokens;
      }
      tokens.add(next());
    }
  }

  private void skipWhitespace() {
    while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
      position++;
    }
  }

  private Token next() {
    int start = position;
    char c = text.charAt(position);
    if (Character.isDigit(c)
        || (c == '.'
            && position + 1 < text.length()
            && Character.isDigit(text.charAt(position + 1)))) {
      return number(start);
    }
    if (Character.isLetter(c) || c == '_') {
      while (position < text.length()
          && (Character.isLetterOrDigit(text.charAt(position)) || text.charAt(position) == '_')) {
        position++;
      }
      return new Token(Token.Kind.IDENTIFIER, text.substring(start, position), start);
    }
    if (c == '\'' || c == '"') {
      return string(start, c);
    }
    if (position + 1 < text.length()
        && TWO_CHAR_OPERATORS.contains(text.substring(position, position + 2))
        && text.charAt(position + 1) == '=') {
      position += 2;
      return new Token(Token.Kind.OPERATOR, text.substring(start, position), start);
    }
    position++;
    if (ONE_CHAR_OPERATORS.indexOf(c) >= 0) {
      return new Token(Token.Kind.OPERATOR, String.valueOf(c), start);
    }
    switch (c) {
      case '(':
        return new Token(Token.Kind.LEFT_PAREN, "(", start);
      case ')':
        return new Token(Token.Kind.RIGHT_PAREN, ")", start);
      case ',':
        return new Token(Token.Kind.COMMA, ",", start);
      default:
        throw new ExpressionException(start, "unexpected character '" + c + "'");
    }
  }

  private Token number(int start) {
    while (position < text.length()
        && (Character.isDigit(text.charAt(position)) || text.charAt(position) == '.')) {
      position++;
    }
    if (position < text.length()
        && (text.charAt(position) == 'e' || text.charAt(position) == 'E')) {
      position++;
      if (position < text.length()
          && (text.charAt(position) == '+' || text.charAt(position) == '-')) {
        position++;
      }
      while (position < text.length() && Character.isDigit(text.charAt(position))) {
        position++;
      }
    }
    if (position < text.length() && Character.isLetter(text.charAt(position))) {
      throw new ExpressionException(position, "a number must not be followed by a letter");
    }
    return new Token(Token.Kind.NUMBER, text.substring(start, position), start);
  }

  private Token string(int start, char quote) {
    StringBuilder value = new StringBuilder();
    position++;
    while (position < text.length()) {
      char c = text.charAt(position++);
      if (c == quote) {
        if (position < text.length() && text.charAt(position) == quote) {
          value.append(quote);
          position++;
          continue;
        }
        return new Token(Token.Kind.STRING, value.toString(), start);
      }
      value.append(c);
    }
    throw new ExpressionException(start, "string literal is not closed: add the closing " + quote);
  }
}
