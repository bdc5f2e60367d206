package dev.tributary.core.testing;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * Package rules over a module's main classes, which each module's tests check: a package cycle
 * fails the build of the module that adds it (docs/architecture.md, "Packages").
 */
public final class PackageRules {
  private PackageRules() {}

  /**
   * The main classes of the module that holds {@code anyMainClass}: its classes folder or jar, so
   * test classes never count, whatever the build folder is called.
   */
  public static JavaClasses mainClassesBeside(Class<?> anyMainClass) {
    try {
      Path location =
          Path.of(anyMainClass.getProtectionDomain().getCodeSource().getLocation().toURI());
      return new ClassFileImporter().importPath(location);
    } catch (URISyntaxException unexpected) {
      throw new IllegalStateException(unexpected);
    }
  }

  /**
   * Fails naming every cycle between the packages of the module that holds {@code anyMainClass}.
   */
  public static void assertNoPackageCycles(Class<?> anyMainClass) {
    slices()
        .matching("dev.tributary.(**)")
        .should()
        .beFreeOfCycles()
        .check(mainClassesBeside(anyMainClass));
  }
}
