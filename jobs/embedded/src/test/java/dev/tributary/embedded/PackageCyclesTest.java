package dev.tributary.embedded;

import dev.tributary.core.testing.PackageRules;
import org.junit.jupiter.api.Test;

class PackageCyclesTest {
  @Test
  void mainPackagesImportEachOtherWithoutCycles() {
    PackageRules.assertNoPackageCycles(EmbeddedKafka.class);
  }
}
