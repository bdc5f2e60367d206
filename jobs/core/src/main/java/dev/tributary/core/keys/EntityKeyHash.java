package dev.tributary.core.keys;

import java.nio.charset.StandardCharsets;
import org.apache.datasketches.hash.MurmurHash3;

/**
 * A fixed-length stand-in for an encoded entity key ({@link EntityKeyCodec}): 64 bits of its
 * MurmurHash3 (DataSketches). Flink's batch sort compares fixed-length keys by their bytes alone,
 * while a string key is compared as a prefix of its bytes and then, for every tie (every pair of
 * rows of one entity), deserialized; the training-set job sorts millions of history rows among a
 * few hundred entities, nearly all comparisons ties. Distinct keys can share a hash, so whatever
 * groups rows by it must still tell the keys apart (the training set's lookups do).
 */
public final class EntityKeyHash {
  private static final long SEED = 0x7472_6962_7574L;

  private EntityKeyHash() {}

  public static long of(String encodedKey) {
    return MurmurHash3.hash(encodedKey.getBytes(StandardCharsets.UTF_8), SEED)[0];
  }
}
