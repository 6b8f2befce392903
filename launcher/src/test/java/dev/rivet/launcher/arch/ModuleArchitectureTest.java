package dev.rivet.launcher.arch;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.rivet.launcher.output.FindingText;
import dev.rivet.launcher.run.PreflightGate;

/**
 * The allowed dependencies between Rivet's modules and packages, checked over every module's
 * classes: an allow-list (a module may use only the modules listed for it) and no package cycles.
 */
@AnalyzeClasses(packages = "dev.rivet", importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleArchitectureTest {

  @ArchTest
  static final ArchRule modulesUseOnlyTheModulesBelowThem =
      layeredArchitecture()
          .consideringOnlyDependenciesInAnyPackage("dev.rivet..")
          .layer("kernel")
          .definedBy("dev.rivet.kernel..")
          .layer("planner")
          .definedBy("dev.rivet.planner..")
          .layer("state")
          .definedBy("dev.rivet.state..")
          .layer("pipeline")
          .definedBy("dev.rivet.pipeline..")
          .layer("launcher")
          .definedBy("dev.rivet.launcher..")
          .whereLayer("launcher")
          .mayNotBeAccessedByAnyLayer()
          .whereLayer("pipeline")
          .mayOnlyBeAccessedByLayers("launcher")
          .whereLayer("planner")
          .mayOnlyBeAccessedByLayers("pipeline", "launcher")
          .whereLayer("state")
          .mayOnlyBeAccessedByLayers("pipeline", "launcher")
          .whereLayer("kernel")
          .mayOnlyBeAccessedByLayers("planner", "state", "pipeline", "launcher");

  @ArchTest
  static final ArchRule packagesHaveNoCycles =
      slices().matching("dev.rivet.(**)").should().beFreeOfCycles();

  /**
   * What differs between databases lives in one package per database, found through the source kind
   * ({@code Dialect.of}, {@code SourceProbe.of}); nothing else names a database's classes.
   */
  @ArchTest
  static final ArchRule onlyEachDatabasesPackageUsesItsClasses =
      noClasses()
          .that()
          .resideOutsideOfPackages("dev.rivet.planner.postgres..", "dev.rivet.planner.mysql..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("dev.rivet.planner.postgres..", "dev.rivet.planner.mysql..");

  @ArchTest
  static final ArchRule kernelPlannerAndStateUseNoBeamAndNoFlink =
      noClasses()
          .that()
          .resideInAnyPackage("dev.rivet.kernel..", "dev.rivet.planner..", "dev.rivet.state..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.apache.beam..", "org.apache.flink..");

  /**
   * Findings become text only where they are shown ({@code rivet check}'s text and JSON, the
   * refusal of {@code rivet run}): verdicts, exit codes and recommendations are computed from
   * codes, severities and parameters by classes that cannot reach the wording.
   */
  @ArchTest
  static final ArchRule findingTextIsRenderedOnlyWhereFindingsAreShown =
      classes()
          .that()
          .belongToAnyOf(FindingText.class)
          .should()
          .onlyHaveDependentClassesThat(
              resideInAPackage("dev.rivet.launcher.output..")
                  .or(belongToAnyOf(PreflightGate.class)));
}
