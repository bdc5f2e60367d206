package dev.tributary.core.expr;

/** One lexical token of an expression, with the offset of its first character. */
record Token(Kind kind, String text, int offset) {

  enum Kind {
    NUMBER,
    STRING,
    IDENTIFIER,
    OPERATOR,
    LEFT_PAREN,
    RIGHT_PAREN,
    COMMA,
    END
  }

  boolean is(Kind expected, String expectedText) {
    return kind == expected && text.equals(expectedText);
  }

  boolean isOperator(String operator) {
    return is(Kind.OPERATOR, operator);
  }

  boolean isKeyword(String keyword) {
    return is(Kind.IDENTIFIER, keyword);
  }
}
