package dev.tributary.flink;

import dev.tributary.core.testing.PackageRules;
import dev.tributary.flink.materialize.MaterializeJob;
import org.junit.jupiter.api.Test;

class PackageCyclesTest {
  @Test
  void mainPackagesImportEachOtherWithoutCycles() {
    PackageRules.assertNoPackageCycles(MaterializeJob.class);
  }
}
