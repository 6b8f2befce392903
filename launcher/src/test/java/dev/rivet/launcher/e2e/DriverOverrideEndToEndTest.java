package dev.rivet.launcher.e2e;

import static dev.rivet.launcher.e2e.DoctorEndToEndTest.export;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code source.driver} loads a JDBC driver from a jar instead of the one Rivet ships: an older
 * pgjdbc (42.7.13, copied from Maven Central into target/test-drivers by the build) reads the real
 * PostgreSQL; a missing jar, a class not in it and a class that is not a driver are config errors.
 */
@Timeout(120)
class DriverOverrideEndToEndTest {
  private static final String TABLE = "rivet_driver_items_" + ProcessHandle.current().pid();
  private static final Path JAR = Path.of(System.getProperty("rivet.test.driver.jar"));

  @TempDir Path dir;

  @BeforeAll
  static void createTable() throws Exception {
    TestDatabase.execute(
        "DROP TABLE IF EXISTS " + TABLE,
        "CREATE TABLE " + TABLE + " (id int PRIMARY KEY, note text NOT NULL)",
        "INSERT INTO " + TABLE + " SELECT g, 'row ' || g FROM generate_series(1, 300) g");
  }

  @AfterAll
  static void dropTable() throws Exception {
    TestDatabase.execute("DROP TABLE IF EXISTS " + TABLE);
  }

  @Test
  void shouldExportThroughTheDriverFromTheJarAndMatchTheSource() throws Exception {
    assertThat(JAR).exists();
    Path config = config("org.postgresql.Driver", JAR.toString());

    Cli.Result run = Cli.run("run", "-c", config.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    List<String> exported =
        ExportedRows.csv(
            OutputFiles.onlyRunDir(dir.resolve("out"), "items"), List.of("id", "note"));
    assertThat(exported)
        .hasSize(300)
        .isEqualTo(ExportedRows.query(TestDatabase.connect(), "SELECT id, note FROM " + TABLE));

    Cli.Result doctor = Cli.run("doctor", "-c", config.toString());

    assertThat(doctor.out())
        .as(doctor.toString())
        .contains("with PostgreSQL JDBC Driver 42.7.13 (source.driver)");
  }

  @Test
  void shouldNameTheKeyOfAMissingJar() throws Exception {
    Cli.Result r =
        Cli.run(
            "run",
            "-c",
            config("org.postgresql.Driver", dir.resolve("nope.jar").toString()).toString());

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err())
        .contains("source.driver.jar")
        .contains("nope.jar")
        .contains("does not exist");
  }

  @Test
  void shouldListTheJarsDriversWhenTheClassIsNotInIt() throws Exception {
    Cli.Result r = Cli.run("run", "-c", config("org.postgresql.Drivr", JAR.toString()).toString());

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err())
        .contains("source.driver.class: class 'org.postgresql.Drivr' is not in")
        .contains("the jar declares org.postgresql.Driver")
        .doesNotContain("\tat ");
  }

  @Test
  void shouldRefuseAClassThatIsNotADriver() throws Exception {
    Cli.Result r =
        Cli.run("run", "-c", config("org.postgresql.PGProperty", JAR.toString()).toString());

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("org.postgresql.PGProperty").contains("is not a java.sql.Driver");
  }

  private Path config(String driverClass, String jar) throws Exception {
    return Files.writeString(
        dir.resolve("rivet.yaml"),
        TestDatabase.sourceYaml()
            + "  driver:\n    class: "
            + driverClass
            + "\n    jar: "
            + jar
            + "\nstate: "
            + dir.resolve("state.db")
            + "\nexports:\n"
            + export("items", "table: " + TABLE, dir.resolve("out").toString()));
  }
}
