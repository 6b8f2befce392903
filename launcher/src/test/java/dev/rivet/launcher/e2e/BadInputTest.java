package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.testing.servers.TestServers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every user error ends with a one-line cause, a hint, a documented non-zero exit code, no stack
 * trace, and no {@code _SUCCESS} anywhere.
 */
@Timeout(120)
class BadInputTest {
  private static final String TABLE = "rivet_e2e_bad.items";

  @TempDir Path dir;

  @BeforeAll
  static void createTable() throws Exception {
    TestDatabase.execute(
        "CREATE SCHEMA IF NOT EXISTS rivet_e2e_bad",
        "DROP TABLE IF EXISTS " + TABLE,
        "CREATE TABLE " + TABLE + " (id int PRIMARY KEY, valid_to timestamp)",
        "INSERT INTO "
            + TABLE
            + " SELECT g, CASE WHEN g = 7 THEN 'infinity' ELSE now() END"
            + " FROM generate_series(1, 100) g");
  }

  @Test
  void shouldNameTheMissingConfigFile() {
    Cli.Result r = Cli.run("run", "-c", dir.resolve("nope.yaml").toString());

    assertUserError(r, 2, "nope.yaml");
  }

  @Test
  void shouldSuggestTheRightKeyForATypo() throws Exception {
    Path config = config(TestDatabase.sourceYaml(), "    table: " + TABLE + "\n    formt: csv\n");

    Cli.Result r = Cli.run("run", "-c", config.toString());

    assertUserError(r, 2, "formt");
    assertThat(r.err()).contains("did you mean 'format'");
  }

  @Test
  void shouldRejectAWrongPasswordWithAHint() throws Exception {
    TestServers.requirePostgresPasswordLogin();
    Files.writeString(dir.resolve("pw"), "not-the-password\n");
    String source =
        "source:\n  url: " + TestDatabase.URL + "\n  user: rivet_auth\n" + "  password_file: pw\n";
    Path config = config(source, "    table: " + TABLE + "\n");

    Cli.Result r = Cli.run("run", "-c", config.toString());

    assertUserError(r, 3, "password authentication failed");
    assertThat(r.err()).contains("hint:").doesNotContain("not-the-password");
  }

  @Test
  void shouldReportAnUnreachableHost() throws Exception {
    String source = "source:\n  url: jdbc:postgresql://127.0.0.1:1/test\n  user: postgres\n";
    Path config = config(source, "    table: " + TABLE + "\n");

    Cli.Result r = Cli.run("run", "-c", config.toString());

    assertUserError(r, 4, "cannot connect to the source");
    assertThat(r.err()).contains("hint: check source host and port");
  }

  @Test
  void shouldNameTheHostThatDoesNotResolve() throws Exception {
    String source = "source:\n  url: jdbc:postgresql://db.invalid:5432/test\n  user: postgres\n";
    Path config = config(source, "    table: " + TABLE + "\n");

    Cli.Result r = Cli.run("run", "-c", config.toString());

    assertUserError(r, 4, "host name 'db.invalid' cannot be resolved (unknown host)");
    assertThat(r.err())
        .doesNotContain("The connection attempt failed")
        .doesNotContain(" as null")
        .contains("hint: check the host name in source.url")
        .contains("DNS");
  }

  @Test
  void shouldTreatAPostgresServerWithoutTlsAsPermanentWhenTheUrlRequiresIt() throws Exception {
    Assumptions.assumeTrue(
        TestDatabase.queryString("SHOW ssl").equals("off"), "the test server has TLS on");
    for (String mode : List.of("require", "verify-full")) {
      String source =
          "source:\n  url: "
              + withParameter(TestDatabase.URL, "sslmode=" + mode)
              + "\n  user: "
              + TestDatabase.USER
              + "\n";
      Path config = config(source, "    table: " + TABLE + "\n");

      Cli.Result r = Cli.run("run", "-c", config.toString());

      assertUserError(r, 3, "The server does not support SSL");
      assertThat(r.err())
          .as(mode)
          .contains("enable TLS on the server (PostgreSQL: ssl = on)")
          .contains("sslmode")
          .doesNotContain("check source host and port");
    }
  }

  @Test
  void shouldTreatAMariaDbServerWithoutTlsAsPermanentWhenTheUrlRequiresIt() throws Exception {
    try (Connection c = TestMariaDb.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW VARIABLES LIKE 'have_ssl'")) {
      Assumptions.assumeTrue(
          rs.next() && !rs.getString(2).equalsIgnoreCase("YES"), "the test server has TLS on");
    }
    for (String option : List.of("sslMode=verify-full", "useSsl=true")) {
      String source =
          "source:\n  url: "
              + withParameter(TestMariaDb.URL, option)
              + "\n  user: "
              + TestMariaDb.USER
              + "\n";
      Path config = config(source, "    table: test.rivet_e2e_bad_items\n");

      Cli.Result r = Cli.run("run", "-c", config.toString());

      assertUserError(r, 3, "ssl not enabled in the server");
      assertThat(r.err())
          .as(option)
          .contains("the server does not accept TLS connections")
          .contains("sslMode")
          .doesNotContain("check source host and port");
    }
  }

  private static String withParameter(String url, String parameter) {
    return url + (url.contains("?") ? "&" : "?") + parameter;
  }

  @Test
  void shouldReportAMissingTable() throws Exception {
    Path config = config(TestDatabase.sourceYaml(), "    table: rivet_e2e_bad.no_such_table\n");

    Cli.Result r = Cli.run("run", "-c", config.toString());

    assertUserError(r, 2, "no_such_table");
    assertThat(r.err()).contains("does not exist").contains("hint:");
  }

  @Test
  void shouldReportAMissingColumnInAQuery() throws Exception {
    Path config =
        config(
            TestDatabase.sourceYaml(), "    query: SELECT id, no_such_column FROM " + TABLE + "\n");

    Cli.Result r = Cli.run("run", "-c", config.toString());

    assertUserError(r, 2, "no_such_column");
  }

  @Test
  void shouldReportAnUnwritableDestinationBeforeReadingRows() throws Exception {
    Files.writeString(dir.resolve("a-file"), "x");
    Path config = config(TestDatabase.sourceYaml(), "    table: " + TABLE + "\n", "a-file/out");

    Cli.Result r = Cli.run("run", "-c", config.toString());

    assertUserError(r, 5, "not writable");
    Cli.Result runs = Cli.run("state", "runs", "-c", config.toString());
    assertThat(runs.out()).contains("FAILED");
  }

  @Test
  void shouldFailTheRunWithoutSuccessMarkerWhenAValueCannotBeWritten() throws Exception {
    Path config =
        config(TestDatabase.sourceYaml(), "    table: " + TABLE + "\n    on_infinity: fail\n");

    Cli.Result r = Cli.run("run", "-c", config.toString());

    assertUserError(r, 7, "valid_to");
    Cli.Result runs = Cli.run("state", "runs", "-c", config.toString());
    assertThat(runs.out()).contains("FAILED");
  }

  @Test
  void shouldRefuseInfinityByDefaultAndNameBothSwitches() throws Exception {
    Path config = config(TestDatabase.sourceYaml(), "    table: " + TABLE + "\n");

    Cli.Result r = Cli.run("run", "-c", config.toString());

    assertUserError(r, 7, "column 'valid_to' (timestamp) holds infinity");
    assertThat(r.err()).contains("on_infinity: null").contains("on_infinity: clamp");

    Path clamp =
        config(TestDatabase.sourceYaml(), "    table: " + TABLE + "\n    on_infinity: clamp\n");
    Cli.Result clamped = Cli.run("run", "-c", clamp.toString(), "--fresh");
    assertThat(clamped.exitCode()).as(clamped.toString()).isZero();
  }

  @Test
  void shouldFailTheRunOnAnArrayWhoseLowerBoundIsNotOneUnlessToldToDropIt() throws Exception {
    String query = "    query: \"SELECT id, '[0:1]={5,6}'::int4[] AS arr FROM " + TABLE + "\"\n";
    Path config = config(TestDatabase.sourceYaml(), query);

    Cli.Result r = Cli.run("run", "-c", config.toString());

    assertUserError(r, 7, "column 'arr' (_int4) holds an array with the bounds [0:1]");
    assertThat(r.err()).contains("on_array_lower_bound to drop");

    Path bogus = config(TestDatabase.sourceYaml(), query + "    on_array_lower_bound: keep\n");
    Cli.Result invalid = Cli.run("run", "-c", bogus.toString());
    assertUserError(invalid, 2, "on_array_lower_bound");
    assertThat(invalid.err()).contains("keep").contains("fail").contains("drop");

    Path drop = config(TestDatabase.sourceYaml(), query + "    on_array_lower_bound: drop\n");
    Cli.Result dropped = Cli.run("run", "-c", drop.toString());
    assertThat(dropped.exitCode()).as(dropped.toString()).isZero();
  }

  @Test
  void shouldEndAFailedFlinkRunWithTheCauseInsteadOfHanging() throws Exception {
    Path config =
        config(TestDatabase.sourceYaml(), "    table: " + TABLE + "\n    on_infinity: fail\n");

    Cli.Result r = Cli.run("run", "-c", config.toString(), "--runner", "flink");

    assertUserError(r, 7, "valid_to");
  }

  @Test
  void shouldRefuseResumeTogetherWithFreshInsteadOfResuming() throws Exception {
    Path config = config(TestDatabase.sourceYaml(), "    table: " + TABLE + "\n");

    Cli.Result both = Cli.run("run", "-c", config.toString(), "--resume", "--fresh");
    Cli.Result withPlan = Cli.run("run", "-c", config.toString(), "--fresh", "--plan", "r1");

    assertUserError(both, 2, "--resume and --fresh cannot be combined");
    assertThat(both.err()).contains("pass one of them").contains("hint: see 'rivet run --help'");
    assertUserError(withPlan, 2, "--plan and --fresh cannot be combined");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void shouldRejectANonNumericSourcePortAtLoadNamingFileAndLine() throws Exception {
    for (String url :
        List.of(
            "postgresql://postgres:s3cret-pw@127.0.0.1:54x2/test",
            "jdbc:postgresql://127.0.0.1:54x2/test?user=postgres&password=s3cret-pw",
            "jdbc:mariadb://127.0.0.1:33x6/test?user=root&password=s3cret-pw")) {
      Path config =
          Files.writeString(
              dir.resolve("rivet.yaml"),
              "source:\n  url: "
                  + url
                  + "\nstate: state.db\nexports:\n  - name: items\n    table: "
                  + TABLE
                  + "\n    destination: out\n");

      Cli.Result r = Cli.run("run", "-c", config.toString());

      assertUserError(r, 2, "rivet.yaml:2:8: source.url: port '");
      assertThat(r.err())
          .as(url)
          .contains("is invalid (expected a whole number from 1 to 65535)")
          .doesNotContain("s3cret-pw");
    }
  }

  @Test
  void shouldRejectANonNumericStatePortAtLoadWithoutAStackTrace() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("rivet.yaml"),
            TestDatabase.sourceYaml()
                + "state: postgresql://postgres:s3cret-pw@127.0.0.1:54x2/test\n"
                + "exports:\n  - name: items\n    table: "
                + TABLE
                + "\n    destination: out\n");

    Cli.Result r = Cli.run("run", "-c", config.toString());

    assertUserError(r, 2, "rivet.yaml:4:8: state: port '54x2' of host 127.0.0.1 is invalid");
    assertThat(r.err()).doesNotContain("s3cret-pw");
  }

  @Test
  void shouldRejectAnExportNameTooLongForAFolderBeforePlanning() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("rivet.yaml"),
            TestDatabase.sourceYaml()
                + "state: state.db\nexports:\n  - name: "
                + "x".repeat(300)
                + "\n    table: "
                + TABLE
                + "\n    destination: out\n");

    Cli.Result r = Cli.run("run", "-c", config.toString());

    assertUserError(r, 2, "rivet.yaml:6:11: exports[0].name: ");
    assertThat(r.err()).contains("is 300 characters long, above the maximum of 200");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  private void assertUserError(Cli.Result r, int exitCode, String causeFragment) {
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(exitCode);
    assertThat(r.err()).as(r.toString()).contains("rivet: error: ").contains(causeFragment);
    assertThat(r.err()).as("no stack trace for a user error").doesNotContain("\tat ");
    assertThat(successMarkers()).as("no _SUCCESS after a failure").isZero();
  }

  private long successMarkers() {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> p.getFileName().toString().equals("_SUCCESS")).count();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private Path config(String source, String exportBody) throws IOException {
    return config(source, exportBody, "out");
  }

  private Path config(String source, String exportBody, String destination) throws IOException {
    String yaml =
        source
            + "state: state.db\n"
            + "exports:\n"
            + "  - name: items\n"
            + exportBody
            + "    destination: "
            + destination
            + "\n";
    return Files.writeString(dir.resolve("rivet.yaml"), yaml);
  }
}
