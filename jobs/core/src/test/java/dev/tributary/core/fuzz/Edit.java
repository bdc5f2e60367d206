package dev.tributary.core.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

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

  private static final char[] BREAKING = ":\"'{}[]- \n#09,$".toCharArray();

  /** One edit: half of its characters from {@link #BREAKING}, half from anywhere in Unicode. */
  static Edit random(Random random) {
    Kind[] kinds = Kind.values();
    char character =
        random.nextBoolean() ? BREAKING[random.nextInt(BREAKING.length)] : anyCharacter(random);
    return new Edit(kinds[random.nextInt(kinds.length)], random.nextDouble(), character);
  }

  /**
   * A character from anywhere in the Basic Multilingual Plane but a lone surrogate half, which no
   * file or payload in UTF-8 can hold.
   */
  static char anyCharacter(Random random) {
    while (true) {
      char c = (char) random.nextInt(Character.MAX_VALUE + 1);
      if (!Character.isSurrogate(c)) {
        return c;
      }
    }
  }

  /** Between {@code min} and {@code max} random edits. */
  static List<Edit> randomList(Random random, int min, int max) {
    List<Edit> edits = new ArrayList<>();
    int count = min + random.nextInt(max - min + 1);
    for (int i = 0; i < count; i++) {
      edits.add(random(random));
    }
    return edits;
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
