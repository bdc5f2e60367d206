package dev.tributary.triton;

import dev.tributary.core.testing.PackageRules;
import dev.tributary.triton.client.TritonClient;
import org.junit.jupiter.api.Test;

class PackageCyclesTest {
  @Test
  void mainPackagesImportEachOtherWithoutCycles() {
    PackageRules.assertNoPackageCycles(TritonClient.class);
  }
}
