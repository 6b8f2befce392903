package dev.rivet.launcher.e2e;

import static dev.rivet.launcher.e2e.DoctorEndToEndTest.export;
import static dev.rivet.launcher.e2e.DoctorEndToEndTest.statusLines;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rivet doctor} against the real MariaDB: a working config passes every check; a wrong
 * password, a user without SELECT and a closed port each fail their own line.
 */
@Timeout(120)
class MySqlDoctorEndToEndTest {
  private static final String TABLE = "rivet_doctor_items";
  private static final String WRONG_PASSWORD = "doctor-wrong-Pw-m41a";

  @TempDir Path dir;

  @BeforeAll
  static void createTable() throws Exception {
    TestMariaDb.execute(
        "DROP TABLE IF EXISTS " + TABLE,
        "CREATE TABLE " + TABLE + " (id int PRIMARY KEY, note varchar(20))",
        "INSERT INTO " + TABLE + " VALUES (1, 'one'), (2, 'two'), (3, NULL)");
  }

  @AfterAll
  static void dropTable() throws Exception {
    TestMariaDb.execute("DROP TABLE IF EXISTS " + TABLE);
  }

  @Test
  void shouldPassEveryCheckOfAWorkingConfig() throws Exception {
    Path config =
        config(
            TestMariaDb.sourceYaml(),
            export("items", "table: " + TABLE, "out")
                + export("ids", "query: SELECT id FROM " + TABLE, "out"));

    Cli.Result r = Cli.run("doctor", "-c", config.toString());

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(statusLines(r))
        .as(r.toString())
        .containsExactly(
            "PASS config",
            "PASS source dns",
            "PASS source tcp",
            "PASS source tls",
            "PASS source credentials",
            "PASS read items",
            "PASS read ids",
            "PASS destination items",
            "PASS destination ids",
            "PASS state store");
    assertThat(r.out())
        .contains("sslMode=disable (MariaDB Connector/J default)")
        .contains("table " + TABLE + ": SELECT allowed (2 columns)")
        .contains("query: SELECT allowed (1 column)");
  }

  @Test
  void shouldFailTheCredentialsCheckWithoutPrintingTheWrongPassword() throws Exception {
    Files.writeString(dir.resolve("pw"), WRONG_PASSWORD + "\n");
    String source =
        "source:\n  url: " + TestMariaDb.URL + "\n  user: rivet_auth\n  password_file: pw\n";
    Path config = config(source, export("items", "table: " + TABLE, "out"));

    Cli.Result r = Cli.run("doctor", "-c", config.toString(), "--output", "json");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
    assertThat(r.out())
        .contains("Access denied for user 'rivet_auth'")
        .contains("check source.user and the password");
    assertThat(r.out() + r.err()).doesNotContain(WRONG_PASSWORD);
  }

  @Test
  void shouldReportAUserWithoutSelectOnTheTable() throws Exception {
    // rivet_noread may not even use the database, so the URL names none and the table is qualified.
    String server = TestMariaDb.URL.replaceFirst("^(jdbc:[a-z]+://[^/?]*)(/[^?]*)?", "$1/");
    String database = TestMariaDb.URL.replaceFirst("^jdbc:[a-z]+://[^/?]*/([^?]*).*", "$1");
    String source = "source:\n  url: " + server + "\n  user: rivet_noread\n";
    Path config = config(source, export("items", "table: " + database + "." + TABLE, "out"));

    Cli.Result r = Cli.run("doctor", "-c", config.toString());

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
    assertThat(statusLines(r)).contains("PASS source credentials", "FAIL read items");
    assertThat(r.out())
        .contains("SELECT command denied to user 'rivet_noread'")
        .contains("hint: grant the source user SELECT");
  }

  @Test
  void shouldReportAClosedPort() throws Exception {
    String source = "source:\n  url: jdbc:mariadb://127.0.0.1:1/test\n  user: root\n";
    Path config = config(source, export("items", "table: " + TABLE, "out"));

    Cli.Result r = Cli.run("doctor", "-c", config.toString());

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(4);
    assertThat(statusLines(r)).contains("FAIL source tcp", "SKIP source credentials");
  }

  private Path config(String source, String exports) throws Exception {
    return Files.writeString(
        dir.resolve("rivet.yaml"), source + "state: state.db\nexports:\n" + exports);
  }
}
