package dev.tributary.flink;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.tributary.core.testing.PackageRules;
import dev.tributary.flink.materialize.MaterializeJob;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The jobs' packages import the shared packages ({@code records}, {@code serde}, {@code iceberg},
 * {@code online}, {@code sourceinput}) and never each other; nothing but the {@code consistency}
 * check, which runs the training-set job, imports a job.
 */
class JobPackagesTest {
  private static final String[] JOBS = {
    "dev.tributary.flink.backfill..",
    "dev.tributary.flink.training..",
    "dev.tributary.flink.materialize..",
    "dev.tributary.flink.score..",
    "dev.tributary.flink.monitor.."
  };
  private static final JavaClasses MAIN = PackageRules.mainClassesBeside(MaterializeJob.class);

  @Test
  void noJobImportsAnotherJob() {
    for (String job : JOBS) {
      String[] others =
          Arrays.stream(JOBS).filter(other -> !other.equals(job)).toArray(String[]::new);
      noClasses()
          .that()
          .resideInAPackage(job)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(others)
          .check(MAIN);
    }
  }

  @Test
  void sharedPackagesImportNoJob() {
    String[] jobsAndConsistency = Arrays.copyOf(JOBS, JOBS.length + 1);
    jobsAndConsistency[JOBS.length] = "dev.tributary.flink.consistency..";
    noClasses()
        .that()
        .resideOutsideOfPackages(jobsAndConsistency)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(JOBS)
        .check(MAIN);
  }
}
