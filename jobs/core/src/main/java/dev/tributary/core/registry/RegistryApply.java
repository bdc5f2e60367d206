package dev.tributary.core.registry;

import java.time.Instant;
import java.util.List;

/**
 * One {@code tributary apply} (or {@code retire}) that changed the registry: who, when, what.
 *
 * @param applyId 1 for the first, then one more each time
 * @param definitions the definitions folder it was applied from, as given
 * @param changes one line per change, as {@code tributary plan} printed it
 * @param snapshots {@code table=snapshot id} of every registry table it wrote
 */
public record RegistryApply(
    long applyId,
    Instant appliedAt,
    String appliedBy,
    String definitions,
    List<String> changes,
    List<String> snapshots) {
  public RegistryApply {
    changes = List.copyOf(changes);
    snapshots = List.copyOf(snapshots);
  }
}
