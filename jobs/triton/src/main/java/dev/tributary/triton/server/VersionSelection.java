package dev.tributary.triton.server;

import dev.tributary.triton.protocol.ModelVersionPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Applies a config's version_policy to the version folders present: {@code latest} (the N highest,
 * 1 when no policy is given), {@code all}, or {@code specific} (every listed version must have its
 * folder, so a typo fails the load instead of silently serving less).
 */
public final class VersionSelection {

  private VersionSelection() {}

  public static SortedSet<Long> select(
      ModelVersionPolicy policy, SortedSet<Long> available, Path modelDir)
      throws ModelConfigException {
    if (available.isEmpty()) {
      throw new ModelConfigException(
          modelDir,
          "no version folder (a sub-folder named 1, 2, ... holding "
              + ModelRepository.DEFAULT_MODEL_FILE
              + ")");
    }
    Path configFile = modelDir.resolve("config.pbtxt");
    switch (policy.getPolicyChoiceCase()) {
      case ALL:
        return new TreeSet<>(available);
      case SPECIFIC:
        {
          SortedSet<Long> chosen = new TreeSet<>();
          for (long version : policy.getSpecific().getVersionsList()) {
            if (!available.contains(version)) {
              throw new ModelConfigException(
                  configFile,
                  "version_policy specific lists version "
                      + version
                      + " but there is no version folder "
                      + modelDir.resolve(Long.toString(version))
                      + " (present: "
                      + available
                      + ")");
            }
            chosen.add(version);
          }
          if (chosen.isEmpty()) {
            throw new ModelConfigException(configFile, "version_policy specific lists no versions");
          }
          return chosen;
        }
      case LATEST:
      default:
        {
          int wanted = policy.hasLatest() ? policy.getLatest().getNumVersions() : 1;
          List<Long> descending = new ArrayList<>(available);
          Collections.reverse(descending);
          return new TreeSet<>(descending.subList(0, Math.min(wanted, descending.size())));
        }
    }
  }
}
