package dev.tributary.core.records;

/**
 * A raw value as it appears in a rejection reason: in double quotes with JSON escapes, so an empty
 * string, trailing blanks and control characters stay visible, and cut short so a megabyte payload
 * does not become a megabyte reason.
 */
final class Quoted {
  static final int MAX_CHARS = 40;

  private Quoted() {}

  static String of(String text) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_CHARS) + 8).append('"');
    int end = Math.min(text.length(), MAX_CHARS);
    for (int i = 0; i < end; i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
    if (text.length() > MAX_CHARS) {
      out.append("... (").append(text.length()).append(" characters)");
    }
    return out.toString();
  }
}
