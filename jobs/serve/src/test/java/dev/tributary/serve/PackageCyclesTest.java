package dev.tributary.serve;

import dev.tributary.core.testing.PackageRules;
import dev.tributary.serve.server.TributaryServer;
import org.junit.jupiter.api.Test;

class PackageCyclesTest {
  @Test
  void mainPackagesImportEachOtherWithoutCycles() {
    PackageRules.assertNoPackageCycles(TributaryServer.class);
  }
}
