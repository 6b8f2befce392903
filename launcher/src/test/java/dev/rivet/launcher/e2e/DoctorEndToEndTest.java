package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rivet.kernel.testing.servers.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rivet doctor} against the real PostgreSQL: a working config passes every check; each
 * broken piece (config, DNS, port, password, privileges, destination, state) fails its own line
 * with a hint and the exit code of its kind, and the password never appears.
 */
@Timeout(120)
class DoctorEndToEndTest {
  private static final String SCHEMA = "rivet_doctor_e2e";
  private static final String TABLE = SCHEMA + ".items";
  private static final String WRONG_PASSWORD = "doctor-wrong-Pw-7f3a";

  @TempDir Path dir;

  @BeforeAll
  static void createTable() throws Exception {
    TestDatabase.execute(
        "CREATE SCHEMA IF NOT EXISTS " + SCHEMA,
        "DROP TABLE IF EXISTS " + TABLE,
        "CREATE TABLE " + TABLE + " (id int PRIMARY KEY, note text, secret text)",
        "INSERT INTO " + TABLE + " SELECT g, 'note ' || g, 'x' FROM generate_series(1, 10) g",
        // rivet_noread may see the schema and two of the three columns, not the table.
        "GRANT USAGE ON SCHEMA " + SCHEMA + " TO rivet_noread",
        "GRANT SELECT (id, note) ON " + TABLE + " TO rivet_noread");
  }

  @AfterAll
  static void dropSchema() throws Exception {
    TestDatabase.execute(
        "REVOKE ALL ON ALL TABLES IN SCHEMA " + SCHEMA + " FROM rivet_noread",
        "REVOKE ALL ON SCHEMA " + SCHEMA + " FROM rivet_noread",
        "DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
  }

  @Test
  void shouldPassEveryCheckOfAWorkingConfig() throws Exception {
    Path config =
        config(
            TestDatabase.sourceYaml(),
            export("items", "table: " + TABLE, "out")
                + export("recent", "query: SELECT id, note FROM " + TABLE + " WHERE id > 5", "out"),
            "state.db");

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
            "PASS source sessions",
            "PASS read items",
            "PASS read recent",
            "PASS destination items",
            "PASS destination recent",
            "PASS state store");
    assertThat(r.out())
        .contains("table " + TABLE + ": SELECT allowed (3 columns)")
        .contains("query: SELECT allowed (2 columns)")
        .contains(" sees every user's sessions (")
        .contains("): tuning.yield_to_sessions of exports items, recent can count them")
        .contains("schema version ")
        .contains("verdict: PASS (exit code 0)");
    assertThat(dir.resolve("state.db")).exists();
    try (var probes = Files.list(dir.resolve("out"))) {
      assertThat(probes).as("the destination probe is deleted").isEmpty();
    }
  }

  @Test
  void shouldPrintOneJsonDocumentWithEveryCheck() throws Exception {
    Path config =
        config(TestDatabase.sourceYaml(), export("items", "table: " + TABLE, "out"), "s.db");

    Cli.Result r = Cli.run("doctor", "-c", config.toString(), "--output", "json");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.get("command").asText()).isEqualTo("doctor");
    assertThat(json.get("schema_version").asInt()).isEqualTo(1);
    assertThat(json.get("verdict").asText()).isEqualTo("PASS");
    assertThat(json.get("exit_code").asInt()).isZero();
    List<String> names = new ArrayList<>();
    for (JsonNode check : json.get("checks")) {
      assertThat(check.get("status").asText()).as(check.toString()).isEqualTo("PASS");
      assertThat(check.get("detail").asText()).isNotBlank();
      assertThat(check.get("hint").isNull()).as(check.toString()).isTrue();
      names.add(check.get("name").asText());
    }
    assertThat(names).contains("config", "source credentials", "read items", "state store");
  }

  @Test
  void shouldFailTheCredentialsCheckWithoutPrintingTheWrongPassword() throws Exception {
    TestServers.requirePostgresPasswordLogin();
    Files.writeString(dir.resolve("pw"), WRONG_PASSWORD + "\n");
    String source =
        "source:\n  url: " + TestDatabase.URL + "\n  user: rivet_auth\n  password_file: pw\n";
    Path config = config(source, export("items", "table: " + TABLE, "out"), "state.db");

    Cli.Result r = Cli.run("doctor", "-c", config.toString());

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
    assertThat(statusLines(r)).contains("FAIL source credentials", "SKIP read items");
    assertThat(r.out())
        .contains("password authentication failed")
        .contains("hint: check source.user and the password");
    assertThat(r.out() + r.err()).doesNotContain(WRONG_PASSWORD);
  }

  @Test
  void shouldAskForAPasswordWhenTheServerWantsOneAndTheConfigHasNone() throws Exception {
    TestServers.requirePostgresPasswordLogin();
    String source = "source:\n  url: " + TestDatabase.URL + "\n  user: rivet_auth\n";
    Path config = config(source, export("items", "table: " + TABLE, "out"), "state.db");

    Cli.Result r = Cli.run("doctor", "-c", config.toString());

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
    assertThat(statusLines(r)).contains("FAIL source credentials");
    assertThat(r.out()).contains("hint: the server wants a password and the config gives none");
  }

  @Test
  void shouldMaskAPasswordWrittenIntoTheJdbcUrl() throws Exception {
    TestServers.requirePostgresPasswordLogin();
    String source =
        "source:\n  url: "
            + TestDatabase.URL
            + "?password="
            + WRONG_PASSWORD
            + "\n  user: rivet_auth\n";
    Path config = config(source, export("items", "table: " + TABLE, "out"), "state.db");

    Cli.Result r = Cli.run("doctor", "-c", config.toString(), "--output", "json");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
    assertThat(r.out()).contains("password=***").contains("password authentication failed");
    assertThat(r.out() + r.err()).doesNotContain(WRONG_PASSWORD);
  }

  @Test
  void shouldReportAClosedPortAndSkipTheLogin() throws Exception {
    String source = "source:\n  url: jdbc:postgresql://127.0.0.1:1/test\n  user: postgres\n";
    Path config = config(source, export("items", "table: " + TABLE, "out"), "state.db");

    Cli.Result r = Cli.run("doctor", "-c", config.toString());

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(4);
    assertThat(statusLines(r))
        .containsExactly(
            "PASS config",
            "PASS source dns",
            "FAIL source tcp",
            "PASS source tls",
            "SKIP source credentials",
            "SKIP read items",
            "PASS destination items",
            "PASS state store");
    assertThat(r.out())
        .contains("127.0.0.1:1: cannot connect")
        .contains("hint: check source host and port");
  }

  @Test
  void shouldReportAHostThatDoesNotResolve() throws Exception {
    String source =
        "source:\n  url: jdbc:postgresql://rivet-doctor-no-such-host.invalid:5432/test\n"
            + "  user: postgres\n";
    Path config = config(source, export("items", "table: " + TABLE, "out"), "state.db");

    Cli.Result r = Cli.run("doctor", "-c", config.toString());

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(4);
    assertThat(statusLines(r))
        .contains("FAIL source dns", "SKIP source tcp", "SKIP source credentials");
    assertThat(r.out())
        .contains("host 'rivet-doctor-no-such-host.invalid' does not resolve")
        .contains("hint: check the host in source.url");
  }

  @Test
  void shouldNameTheColumnsAUserMayNotRead() throws Exception {
    String source = "source:\n  url: " + TestDatabase.URL + "\n  user: rivet_noread\n";
    Path config =
        config(
            source,
            export("items", "table: " + TABLE, "out")
                + export("granted", "query: SELECT id, note FROM " + TABLE, "out"),
            "state.db");

    Cli.Result r = Cli.run("doctor", "-c", config.toString());

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
    assertThat(statusLines(r))
        .contains("PASS source credentials", "FAIL read items", "PASS read granted");
    assertThat(r.out())
        .contains("permission denied for table items")
        .contains("no SELECT on 1 of 3 columns: secret")
        .contains("hint: grant the source user SELECT on the table");
  }

  /**
   * The default profile yields to a busy source only when the source user can count the other
   * users' sessions: a user without pg_read_all_stats gets a warning (exit code 0) that says so and
   * how to grant it; once granted the check passes; an export that does not yield (and a config
   * with no such export) has no such line.
   */
  @Test
  void shouldWarnWhenTheSourceUserCannotCountOtherUsersSessions() throws Exception {
    String source = "source:\n  url: " + TestDatabase.URL + "\n  user: rivet_noread\n";
    String noYield = "    tuning:\n      yield_to_sessions: 0\n";
    Path config =
        config(
            source,
            export("granted", "query: SELECT id, note FROM " + TABLE, "out")
                + export("full", "query: SELECT id FROM " + TABLE, "out")
                + noYield,
            "state.db");

    Cli.Result hidden = Cli.run("doctor", "-c", config.toString());

    assertThat(hidden.exitCode()).as(hidden.toString()).isZero();
    assertThat(statusLines(hidden)).contains("WARN source sessions", "PASS read granted");
    assertThat(hidden.out())
        .contains(
            "rivet_noread sees only its own sessions in pg_stat_activity:"
                + " tuning.yield_to_sessions of export granted cannot count other users'"
                + " sessions, so they read at full speed on a busy source")
        .contains(
            "hint: grant it pg_read_all_stats (or pg_monitor) so that they count: GRANT"
                + " pg_read_all_stats TO rivet_noread; or set tuning.yield_to_sessions: 0")
        .contains("verdict: WARN (exit code 0)");

    TestDatabase.execute("GRANT pg_read_all_stats TO rivet_noread");
    Cli.Result granted;
    try {
      granted = Cli.run("doctor", "-c", config.toString());
    } finally {
      TestDatabase.execute("REVOKE pg_read_all_stats FROM rivet_noread");
    }
    assertThat(statusLines(granted)).as(granted.toString()).contains("PASS source sessions");
    assertThat(granted.out())
        .contains("rivet_noread sees every user's sessions (")
        .contains("tuning.yield_to_sessions of export granted can count them");

    Path none =
        config(source, export("full", "query: SELECT id FROM " + TABLE, "out") + noYield, "s.db");
    Cli.Result notYielding = Cli.run("doctor", "-c", none.toString());
    assertThat(statusLines(notYielding))
        .as(notYielding.toString())
        .contains("PASS source credentials", "PASS read full")
        .noneMatch(line -> line.endsWith("source sessions"));
  }

  @Test
  void shouldReportADestinationUnderARegularFile() throws Exception {
    Files.writeString(dir.resolve("a-file"), "x");
    Path config =
        config(TestDatabase.sourceYaml(), export("items", "table: " + TABLE, "a-file/out"), "s.db");

    Cli.Result r = Cli.run("doctor", "-c", config.toString());

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(5);
    assertThat(statusLines(r)).contains("FAIL destination items", "PASS read items");
    assertThat(r.out()).contains("is not writable").contains("hint: point 'destination'");
  }

  @Test
  void shouldReportAStateFileThatIsNotADatabase() throws Exception {
    Files.writeString(dir.resolve("notes.txt"), "these are notes, not a database\n".repeat(40));
    Path config =
        config(TestDatabase.sourceYaml(), export("items", "table: " + TABLE, "out"), "notes.txt");

    Cli.Result r = Cli.run("doctor", "-c", config.toString());

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(6);
    assertThat(statusLines(r)).contains("FAIL state store");
    assertThat(r.out())
        .contains("it is not a SQLite database")
        .contains("hint: if state (or RIVET_STATE_URL) names the wrong file, point it at the state")
        .contains("rivet state import");
  }

  @Test
  void shouldRefuseAStateSchemaNewerThanThisRivet() throws Exception {
    Path config =
        config(TestDatabase.sourceYaml(), export("items", "table: " + TABLE, "out"), "state.db");
    assertThat(Cli.run("doctor", "-c", config.toString()).exitCode()).isZero();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("state.db"));
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO flyway_schema_history (installed_rank, version, description, type, script,"
              + " installed_by, execution_time, success)"
              + " VALUES (999, '999', 'from the future', 'SQL', 'V999__future.sql', 'test', 0, 1)");
    }

    Cli.Result r = Cli.run("doctor", "-c", config.toString());

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(6);
    assertThat(statusLines(r)).contains("FAIL state store");
    assertThat(r.out()).contains("state schema version 999 is newer than this rivet");
  }

  @Test
  void shouldFailOnAConfigTypoWithADidYouMeanAndSkipTheRest() throws Exception {
    Path config =
        config(
            TestDatabase.sourceYaml(),
            export("items", "table: " + TABLE, "out") + "    formt: csv\n",
            "state.db");

    Cli.Result r = Cli.run("doctor", "-c", config.toString());

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(statusLines(r).get(0)).isEqualTo("FAIL config");
    assertThat(statusLines(r).subList(1, statusLines(r).size()))
        .allMatch(l -> l.startsWith("SKIP"));
    assertThat(r.out()).contains("formt").contains("did you mean 'format'");
    assertThat(dir.resolve("state.db")).as("nothing is created").doesNotExist();
  }

  @Test
  void shouldExitWithTheHighestCodeOfSeveralFailures() throws Exception {
    Files.writeString(dir.resolve("a-file"), "x");
    Files.writeString(dir.resolve("notes.txt"), "not a database\n".repeat(100));
    String source = "source:\n  url: jdbc:postgresql://127.0.0.1:1/test\n  user: postgres\n";
    Path config = config(source, export("items", "table: " + TABLE, "a-file/out"), "notes.txt");

    Cli.Result r = Cli.run("doctor", "-c", config.toString(), "--output", "json");

    assertThat(r.exitCode()).as("state (6) beats destination (5) and source (4)").isEqualTo(6);
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.get("verdict").asText()).isEqualTo("FAIL");
    assertThat(json.get("exit_code").asInt()).isEqualTo(6);
    List<String> failed = new ArrayList<>();
    for (JsonNode check : json.get("checks")) {
      if (check.get("status").asText().equals("FAIL")) {
        failed.add(check.get("name").asText());
        assertThat(check.get("hint").asText()).as(check.toString()).isNotBlank();
      }
    }
    assertThat(failed).containsExactly("source tcp", "destination items", "state store");
  }

  /** "STATUS name" of each check line of the text report. */
  static List<String> statusLines(Cli.Result r) {
    List<String> lines = new ArrayList<>();
    for (String line : r.out().split("\n")) {
      String[] parts = line.split("  +");
      if (parts.length >= 2 && parts[0].matches("PASS|WARN|FAIL|SKIP")) {
        lines.add(parts[0] + " " + parts[1]);
      }
    }
    return lines;
  }

  static String export(String name, String what, String destination) {
    return "  - name: "
        + name
        + "\n    "
        + what
        + "\n    format: csv\n    destination: "
        + destination
        + "\n";
  }

  private Path config(String source, String exports, String state) throws Exception {
    return Files.writeString(
        dir.resolve("rivet.yaml"), source + "state: " + state + "\nexports:\n" + exports);
  }
}
