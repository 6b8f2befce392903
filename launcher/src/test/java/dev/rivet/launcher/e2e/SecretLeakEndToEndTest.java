package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.testing.servers.TestServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feeds a secret through the error paths where a driver or library repeats what it was given, runs
 * every command (text and JSON output) on them, and then searches everything the runs left — what
 * was printed, the log lines of a separate process, the state store's file, the output folder — for
 * the secret in clear.
 */
@Timeout(300)
class SecretLeakEndToEndTest {
  private static final String SECRET = "Zq7-leak-Pw0rd";
  private static final String TABLE = "rivet_secret_leak_e2e_" + ProcessHandle.current().pid();

  @TempDir Path dir;
  private final List<Cli.Result> results = new ArrayList<>();

  @BeforeAll
  static void createTable() throws Exception {
    TestDatabase.execute(
        "DROP TABLE IF EXISTS " + TABLE,
        "CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY, note text)",
        "INSERT INTO " + TABLE + " SELECT g, 'n' || g FROM generate_series(1, 100) g");
  }

  @AfterAll
  static void dropTable() throws Exception {
    TestDatabase.execute("DROP TABLE IF EXISTS " + TABLE);
  }

  @Test
  void shouldNeverPrintOrStoreAPasswordThatADriverRepeats() throws Exception {
    TestServers.requirePostgresPasswordLogin();
    Files.writeString(dir.resolve("leak-password"), SECRET + "\n");
    // pgjdbc and MariaDB Connector/J repeat a URL they cannot parse, password parameter included.
    List<Path> configs =
        List.of(
            config(
                "pg-port", "url: jdbc:postgresql://127.0.0.1:54x2/test?user=u&password=" + SECRET),
            config(
                "maria-port", "url: jdbc:mariadb://127.0.0.1:33x6/test?user=u&password=" + SECRET),
            config("pg-userinfo", "url: postgresql://u:" + SECRET + "@127.0.0.1:54x2/test"),
            // A wrong password for a real server: authentication fails.
            config(
                "pg-auth",
                "url: "
                    + TestDatabase.URL.replace("jdbc:", "")
                    + "\n  user: rivet_auth\n  password_file: leak-password"),
            // The state store's URL holds the secret and cannot be parsed.
            configWithState(
                "state-port", "postgresql://postgres:" + SECRET + "@127.0.0.1:54x2/test"));
    for (Path config : configs) {
      for (String[] args :
          List.of(
              new String[] {"run", "-c", config.toString()},
              new String[] {"run", "-c", config.toString(), "--output", "json"},
              new String[] {"plan", "-c", config.toString()},
              new String[] {"check", "-c", config.toString()},
              new String[] {"check", "-c", config.toString(), "--output", "json"},
              new String[] {"doctor", "-c", config.toString()},
              new String[] {"doctor", "-c", config.toString(), "--output", "json"},
              new String[] {"validate", "-c", config.toString()},
              new String[] {"state", "runs", "-c", config.toString()},
              new String[] {"state", "runs", "-c", config.toString(), "--output", "json"},
              new String[] {"state", "init", "-c", config.toString(), "--output", "json"},
              new String[] {"state", "chunks", "-c", config.toString()})) {
        Cli.Result result = Cli.run(args);
        results.add(result);
        if (args[0].equals("run")) {
          assertThat(result.exitCode()).as("%s: %s", String.join(" ", args), result).isNotZero();
        }
      }
    }
    // A separate process, as a user runs it: log lines (as text and as JSON) and stack traces go to
    // its stderr.
    for (Path config : configs) {
      for (String logFormat : List.of("text", "json")) {
        Cli.Result process =
            JavaProcess.rivet(
                dir,
                "256m",
                "--log-format",
                logFormat,
                "run",
                "-c",
                config.getFileName().toString());
        results.add(process);
        assertThat(process.exitCode()).as(process.toString()).isNotZero();
      }
    }

    for (Cli.Result result : results) {
      assertThat(result.out()).as(result.toString()).doesNotContain(SECRET);
      assertThat(result.err()).as(result.toString()).doesNotContain(SECRET);
    }
    assertThat(results)
        .as("the errors were reported, masked")
        .anySatisfy(r -> assertThat(r.err()).contains("password=***"));
    assertNoFileHolds(dir);
  }

  private static void assertNoFileHolds(Path root) throws IOException {
    byte[] secret = SECRET.getBytes(StandardCharsets.UTF_8);
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String name = file.getFileName().toString();
        if (name.endsWith(".yaml") || name.equals("leak-password")) {
          continue; // the configs and the password file hold it, as a user wrote them
        }
        byte[] content = Files.readAllBytes(file);
        assertThat(indexOf(content, secret)).as("%s holds the secret in clear", file).isEqualTo(-1);
      }
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private Path config(String name, String source) throws IOException {
    return write(name, "source:\n  " + source + "\n", "state: " + name + "-state.db\n");
  }

  private Path configWithState(String name, String stateUrl) throws IOException {
    return write(name, TestDatabase.sourceYaml(), "state: \"" + stateUrl + "\"\n");
  }

  private Path write(String name, String source, String state) throws IOException {
    return Files.writeString(
        dir.resolve(name + ".yaml"),
        source
            + state
            + "exports:\n"
            + "  - name: leak\n"
            + "    table: "
            + TABLE
            + "\n"
            + "    format: csv\n"
            + "    destination: out-"
            + name
            + "\n");
  }
}
