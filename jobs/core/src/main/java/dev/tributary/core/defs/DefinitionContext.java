package dev.tributary.core.defs;

import dev.tributary.core.expr.Expression;
import dev.tributary.core.expr.ExpressionException;
import dev.tributary.core.types.RowSchema;
import dev.tributary.core.types.ValueType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the section readers share while one repository loads: the problems found so far, the
 * definitions built so far (readers run in dependency order), and every declared name.
 *
 * <p>A name that was declared but failed to build is remembered, so a reference to it does not
 * produce a second, misleading "unknown" problem on top of the real one.
 */
final class DefinitionContext {
  /** Names become table, column and Redis key names: nothing outside this may get through. */
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]*");

  private static final int MAX_IDENTIFIER_LENGTH = 48;

  final Path root;
  final Problems problems;
  final Map<String, Entity> entities = new LinkedHashMap<>();
  final Map<String, Source> sources = new LinkedHashMap<>();
  final Map<String, FeatureView> views = new LinkedHashMap<>();
  final Map<String, Model> models = new LinkedHashMap<>();
  final List<Scoring> scorings = new ArrayList<>();
  private final Map<String, Map<String, SourceLocation>> declared = new HashMap<>();
  private final Set<String> failed = new HashSet<>();

  DefinitionContext(Path root, Problems problems) {
    this.root = root;
    this.problems = problems;
  }

  /**
   * Checks a definition's name and records it; returns false when the name is unusable or taken.
   *
   * @param kind e.g. "entity", "source": names are unique within a kind
   */
  boolean declare(String kind, Located<String> name) {
    if (!isIdentifier(name, kind + " name")) {
      return false;
    }
    Map<String, SourceLocation> names = declared.computeIfAbsent(kind, k -> new HashMap<>());
    SourceLocation first = names.putIfAbsent(name.value(), name.at());
    if (first != null) {
      problems.add(
          name.at(),
          "duplicate "
              + kind
              + " name '"
              + name.value()
              + "', first defined at "
              + first
              + ": rename one of them");
      return false;
    }
    return true;
  }

  /** Remembers that a declared definition did not build, so references to it stay quiet. */
  void markFailed(String kind, String name) {
    failed.add(kind + ":" + name);
  }

  /** Reports a reference to a name that was never declared; quiet when the target merely failed. */
  void unknownReference(String kind, Located<String> reference, Set<String> known) {
    if (failed.contains(kind + ":" + reference.value())) {
      return;
    }
    String suggestion = ClosestName.among(reference.value(), known);
    problems.add(
        reference.at(),
        "unknown "
            + kind
            + " '"
            + reference.value()
            + "'"
            + (suggestion == null ? "" : ": did you mean '" + suggestion + "'?")
            + (known.isEmpty()
                ? ": no " + kind + " is defined"
                : " Defined: " + String.join(", ", known)));
  }

  /** True when the name is a valid identifier; reports it otherwise. */
  boolean isIdentifier(Located<String> name, String what) {
    if (!IDENTIFIER.matcher(name.value()).matches()
        || name.value().length() > MAX_IDENTIFIER_LENGTH) {
      problems.add(
          name.at(),
          what
              + " '"
              + name.value()
              + "' is not allowed: use lower-case letters, digits and"
              + " '_', starting with a letter, at most "
              + MAX_IDENTIFIER_LENGTH
              + " characters ([a-z][a-z0-9_]*);"
              + " names become table, column and Redis key names");
      return false;
    }
    return true;
  }

  /** Compiles an expression, reporting a problem at the exact character; null on failure. */
  Expression compile(Located<String> text, RowSchema schema, String what) {
    try {
      return Expression.compile(text.value(), schema);
    } catch (ExpressionException wrong) {
      problems.add(
          locate(text, wrong.offset()), what + " '" + text.value() + "': " + wrong.getMessage());
      return null;
    }
  }

  /** Compiles an expression that must have one type. */
  Expression compile(Located<String> text, RowSchema schema, String what, ValueType required) {
    Expression expression = compile(text, schema, what);
    if (expression != null && expression.type() != required) {
      problems.add(
          text.at(),
          what
              + " '"
              + text.value()
              + "' is "
              + expression.type().yamlName()
              + " but must be "
              + required.yamlName());
      return null;
    }
    return expression;
  }

  /** Where character {@code offset} of a scalar lies, counting lines inside multi-line text. */
  private static SourceLocation locate(Located<String> text, int offset) {
    String before = text.value().substring(0, Math.min(offset, text.value().length()));
    int newline = before.lastIndexOf('\n');
    if (newline < 0) {
      return text.at().shiftedBy(offset);
    }
    int lines = (int) before.chars().filter(c -> c == '\n').count();
    return new SourceLocation(text.at().file(), text.at().line() + lines, offset - newline);
  }
}
