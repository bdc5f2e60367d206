package dev.tributary.core.plan;

/**
 * How one view version is stored in Redis.
 *
 * @param keyPattern the entity keys, e.g. {@code {<airport>}} for {@code {SFO}}
 * @param fields the view's section id, then {@code <position>=<feature>} per feature
 * @param ttlSeconds the expiry set on every write, 0 for none
 */
public record OnlineLayout(
    String view, String keyPattern, java.util.List<String> fields, long ttlSeconds) {}
