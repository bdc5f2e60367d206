package dev.tributary.core;

import dev.tributary.core.defs.FeatureRepository;
import dev.tributary.core.testing.PackageRules;
import org.junit.jupiter.api.Test;

class PackageCyclesTest {
  @Test
  void mainPackagesImportEachOtherWithoutCycles() {
    PackageRules.assertNoPackageCycles(FeatureRepository.class);
  }
}
