package dev.rivet.state;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The state module is plain Java: no Beam, and it knows the planner only through its model. */
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
  static final ArchRule stateUsesOnlyThePlannerModelAndFailures =
      noClasses()
          .that()
          .resideInAPackage("dev.rivet.state..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.rivet.planner.introspect..",
              "dev.rivet.planner.split..",
              "dev.rivet.planner.sql..",
              "dev.rivet.planner.dialect..",
              "dev.rivet.planner.connect..",
              "dev.rivet.pipeline..",
              "dev.rivet.launcher..");
}
