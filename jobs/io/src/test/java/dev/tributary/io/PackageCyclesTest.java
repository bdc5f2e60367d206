package dev.tributary.io;

import dev.tributary.core.testing.PackageRules;
import dev.tributary.io.file.EventFileReader;
import org.junit.jupiter.api.Test;

class PackageCyclesTest {
  @Test
  void mainPackagesImportEachOtherWithoutCycles() {
    PackageRules.assertNoPackageCycles(EventFileReader.class);
  }
}
