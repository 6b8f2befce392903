package dev.rivet.planner;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The planner's module rules: plain Java without Beam, and pure split and tuning arithmetic. */
@AnalyzeClasses(
    packages = "dev.rivet.planner",
    importOptions = ImportOption.DoNotIncludeTests.class)
class PlannerArchitectureTest {

  @ArchTest
  static final ArchRule plannerDoesNotUseBeam =
      noClasses()
          .that()
          .resideInAPackage("dev.rivet.planner..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.apache.beam..");

  @ArchTest
  static final ArchRule splittingIsPureArithmetic =
      noClasses()
          .that()
          .resideInAPackage("dev.rivet.planner.split..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("java.sql..", "dev.rivet.planner.introspect..");

  @ArchTest
  static final ArchRule tuningChecksArePure =
      noClasses()
          .that()
          .resideInAPackage("dev.rivet.planner.tuning..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("java.sql..", "dev.rivet.planner.introspect..");
}
