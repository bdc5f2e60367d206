package dev.tributary.core.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * One random edit of a text, at a position given as a fraction of its length so that it lands
 * inside any text: replace, insert or delete a character, or drop or repeat a line. Characters are
 * drawn from what breaks YAML and JSON most (quotes, colons, braces, indentation, digits) and from
 * anywhere in Unicode.
 */
record Edit(Kind kind, double at, char character) {
  enum Kind {
    REPLACE,
    INSERT,
    DELETE,
    DROP_LINE,
    REPEAT_LINE
  }

  static Arbitrary<Edit> arbitrary() {
    Arbitrary<Character> characters =
        Arbitraries.oneOf(
            Arbitraries.of(
                ':', '"', '\'', '{', '}', '[', ']', '-', ' ', '\n', '#', '0', '9', ',', '$'),
            Arbitraries.chars());
    return Combinators.combine(
            Arbitraries.of(Kind.class), Arbitraries.doubles().between(0, 1), characters)
        .as(Edit::new);
  }

  static String applyAll(String text, List<Edit> edits) {
    String result = text;
    for (Edit edit : edits) {
      result = edit.apply(result);
    }
    return result;
  }

  String apply(String text) {
    int position = (int) Math.min(text.length(), Math.floor(at * text.length()));
    switch (kind) {
      case REPLACE:
        return position == text.length()
            ? text
            : text.substring(0, position) + character + text.substring(position + 1);
      case INSERT:
        return text.substring(0, position) + character + text.substring(position);
      case DELETE:
        return position == text.length()
            ? text
            : text.substring(0, position) + text.substring(position + 1);
      default:
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        int line = (int) Math.min(lines.size() - 1, Math.floor(at * lines.size()));
        if (kind == Kind.DROP_LINE) {
          lines.remove(line);
        } else {
          lines.add(line, lines.get(line));
        }
        return String.join("\n", lines);
    }
  }
}
