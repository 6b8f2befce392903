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
import dev.rivet.kernel.source.SourceKind;
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

  /** The packages that hold what differs between databases, one per database and module. */
  private static final String[] DATABASE_PACKAGES = {
    "dev.rivet.planner.postgres..",
    "dev.rivet.planner.mysql..",
    "dev.rivet.pipeline.postgres..",
    "dev.rivet.pipeline.mysql.."
  };

  /**
   * What differs between databases lives in one package per database, found through the source kind
   * ({@code Dialect.of}, {@code SourceProbe.of}, {@code SourceTypes.of}); nothing else names a
   * database's classes.
   */
  @ArchTest
  static final ArchRule onlyEachDatabasesPackageUsesItsClasses =
      noClasses()
          .that()
          .resideOutsideOfPackages(DATABASE_PACKAGES)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(DATABASE_PACKAGES)
          .because("generic code finds a database's behaviour from the source kind");

  /** One database's packages never use another's. */
  @ArchTest
  static final ArchRule postgresPackagesDoNotUseMySqlOnes =
      noClasses()
          .that()
          .resideInAnyPackage("dev.rivet.planner.postgres..", "dev.rivet.pipeline.postgres..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("dev.rivet.planner.mysql..", "dev.rivet.pipeline.mysql..");

  @ArchTest
  static final ArchRule mySqlPackagesDoNotUsePostgresOnes =
      noClasses()
          .that()
          .resideInAnyPackage("dev.rivet.planner.mysql..", "dev.rivet.pipeline.mysql..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("dev.rivet.planner.postgres..", "dev.rivet.pipeline.postgres..");

  /**
   * Generic code never branches on a particular database: above the kernel (which defines the kinds
   * and their per-kind defaults), only the database packages name {@code SourceKind.POSTGRESQL} or
   * {@code SourceKind.MYSQL}; everything else asks the kind's dialect or types. A {@code switch} on
   * the kind reads the constants too (in its synthetic switch-map class), so it is caught as well.
   */
  @ArchTest
  static final ArchRule onlyDatabasePackagesNameADatabaseKind =
      noClasses()
          .that()
          .resideInAnyPackage(
              "dev.rivet.planner..",
              "dev.rivet.state..",
              "dev.rivet.pipeline..",
              "dev.rivet.launcher..")
          .and()
          .resideOutsideOfPackages(DATABASE_PACKAGES)
          .should()
          .accessField(SourceKind.class, SourceKind.POSTGRESQL.name())
          .orShould()
          .accessField(SourceKind.class, SourceKind.MYSQL.name())
          .because(
              "what differs between databases belongs behind Dialect or SourceTypes, implemented in"
                  + " the database's own package");

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
