package dev.tributary.io.replay;

/**
 * The Kafka key of a replayed event: 16 hex digits of a 64-bit FNV-1a hash of its JSON value. It
 * says nothing about entities (one topic feeds views of several entities, keyed by the job), but it
 * is stable, so the same files replayed twice put every event on the same partition in the same
 * order, and a rerun of a test or benchmark sees the same per-partition streams.
 */
final class RowKey {
  private static final long OFFSET_BASIS = 0xcbf29ce484222325L;
  private static final long PRIME = 0x100000001b3L;

  private RowKey() {}

  static String of(String json) {
    long hash = OFFSET_BASIS;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      hash = (hash ^ (c & 0xff)) * PRIME;
      hash = (hash ^ (c >>> 8)) * PRIME;
    }
    String hex = Long.toHexString(hash);
    return "0".repeat(16 - hex.length()) + hex;
  }
}
