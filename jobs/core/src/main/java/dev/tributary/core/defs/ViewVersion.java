package dev.tributary.core.defs;

import dev.tributary.core.expr.Expression;
import dev.tributary.core.types.Column;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The version of a feature view: the first 8 hex digits of a SHA-256 over a canonical text of
 * everything that changes the view's values.
 *
 * <p>In the hash: the entity's key names and types, the source's schema (names and types, in order)
 * and event-time expression, the key and filter expressions, the TTL, and per feature its name,
 * function, input expression, window, hop and parameters. Expressions enter in canonical form, so
 * spacing or redundant parentheses do not create versions. Not in the hash: names of the view,
 * entity and source, descriptions, the online/offline flags, topic and file locations, and
 * watermark settings; they change where values go or how late data is tolerated, not what a value
 * is.
 *
 * <p>The text is built from explicit, locale-free formatting (milliseconds, canonical expressions,
 * UTF-8), so the same definitions give the same version on every machine and JVM.
 */
public final class ViewVersion {
  private static final int HEX_DIGITS = 8;

  private ViewVersion() {}

  static String of(
      Entity entity,
      Source source,
      List<KeyBinding> keys,
      Optional<Expression> filter,
      Duration ttl,
      List<Feature> features) {
    return hash(canonicalText(entity, source, keys, filter, ttl, features));
  }

  /** The text that is hashed; public so docs and tests can show what a version stands for. */
  public static String canonicalText(FeatureView view) {
    return canonicalText(
        view.entity(), view.source(), view.keys(), view.filter(), view.ttl(), view.features());
  }

  static String canonicalText(
      Entity entity,
      Source source,
      List<KeyBinding> keys,
      Optional<Expression> filter,
      Duration ttl,
      List<Feature> features) {
    StringBuilder text = new StringBuilder("tributary-view-v1\n");
    text.append("entity_keys=").append(columns(entity.keys())).append('\n');
    text.append("source_schema=").append(columns(source.schema().columns())).append('\n');
    text.append("event_time=").append(source.eventTime().canonical()).append('\n');
    for (KeyBinding key : keys) {
      text.append("key ")
          .append(key.key().name())
          .append('=')
          .append(key.value().canonical())
          .append('\n');
    }
    text.append("filter=").append(filter.map(Expression::canonical).orElse("-")).append('\n');
    text.append("ttl_ms=").append(ttl.toMillis()).append('\n');
    for (Feature feature : features) {
      text.append(featureText(feature)).append('\n');
    }
    return text.toString();
  }

  /**
   * One feature's line of the canonical text: what the feature computes, so a registry can tell
   * which features of a changed view changed.
   */
  public static String featureText(Feature feature) {
    return "feature "
        + feature.name()
        + " fn="
        + feature.aggregation().yamlName()
        + " input="
        + feature.input().map(Expression::canonical).orElse("-")
        + " window_ms="
        + feature.window().map(w -> Long.toString(w.toMillis())).orElse("lifetime")
        + " hop_ms="
        + feature.hop().toMillis()
        + " n="
        + feature.lastN()
        + " q="
        + (Double.isNaN(feature.quantile()) ? "-" : Double.toString(feature.quantile()));
  }

  private static String columns(List<Column> columns) {
    StringBuilder text = new StringBuilder();
    for (Column column : columns) {
      text.append(column.name()).append(':').append(column.type().yamlName()).append(',');
    }
    return text.toString();
  }

  private static String hash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, HEX_DIGITS);
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException("every JVM has SHA-256", impossible);
    }
  }
}
