package dev.rivet.state;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The state module is plain Java: no Beam, and it shares only the kernel with its siblings. */
@AnalyzeClasses(packages = "dev.rivet.state", importOptions = ImportOption.DoNotIncludeTests.class)
class StateArchitectureTest {

  @ArchTest
  static final ArchRule stateDoesNotUseBeam =
      noClasses()
          .that()
          .resideInAPackage("dev.rivet.state..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.apache.beam..");

  @ArchTest
  static final ArchRule stateBuildsOnlyOnTheKernel =
      noClasses()
          .that()
          .resideInAPackage("dev.rivet.state..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.rivet.planner..", "dev.rivet.pipeline..", "dev.rivet.launcher..");
}
