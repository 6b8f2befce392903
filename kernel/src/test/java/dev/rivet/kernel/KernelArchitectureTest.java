package dev.rivet.kernel;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The kernel stands alone: plain Java records and values that every other module may use, with no
 * Beam, no JDBC and nothing of the modules built on it.
 */
@AnalyzeClasses(packages = "dev.rivet.kernel", importOptions = ImportOption.DoNotIncludeTests.class)
class KernelArchitectureTest {

  @ArchTest
  static final ArchRule kernelUsesNoOtherRivetModule =
      noClasses()
          .that()
          .resideInAPackage("dev.rivet.kernel..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.rivet.planner..",
              "dev.rivet.state..",
              "dev.rivet.pipeline..",
              "dev.rivet.launcher..");

  @ArchTest
  static final ArchRule kernelUsesNoBeamAndNoJdbc =
      noClasses()
          .that()
          .resideInAPackage("dev.rivet.kernel..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.apache.beam..", "java.sql..", "javax.sql..");

  @ArchTest
  static final ArchRule kernelPackagesHaveNoCycles =
      slices().matching("dev.rivet.kernel.(*)..").should().beFreeOfCycles();
}
