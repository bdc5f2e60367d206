package dev.tributary.core.plan;

/**
 * How one view version is stored in Redis.
 *
 * @param keyPattern the hash keys, e.g. {@code origin_delays__1a2b3c4d:{SFO}}
 * @param fields the as-of field, then {@code <field>=<feature>} per feature
 * @param ttlSeconds the expiry set on every write, 0 for none
 */
public record OnlineLayout(
    String view, String keyPattern, java.util.List<String> fields, long ttlSeconds) {}
