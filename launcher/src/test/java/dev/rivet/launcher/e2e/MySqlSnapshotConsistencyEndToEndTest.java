package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code consistency: snapshot} on MariaDB through the CLI: refused when the config is read, before
 * any connection or plan, with exit code 2, the file, the key and what to do instead.
 */
class MySqlSnapshotConsistencyEndToEndTest {
  @TempDir Path dir;

  @Test
  void shouldRefuseASharedSnapshotNamingTheExportTheKeyAndWhatToDo() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("rivet.yaml"),
            TestMariaDb.sourceYaml()
                + "state: state.db\nexports:\n  - name: snapshot_mysql\n"
                + "    table: snapshot_mysql_items\n    destination: out\n"
                + "    consistency: snapshot\n");

    for (String command : new String[] {"run", "plan", "check"}) {
      Cli.Result result = Cli.run(command, "-c", config.toString());

      assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
      assertThat(result.err())
          .as(command)
          .contains("rivet.yaml")
          .contains("exports[0].consistency")
          .contains("export 'snapshot_mysql'")
          .contains("only PostgreSQL")
          .contains("parallelism: 1")
          .doesNotContain("\tat ");
    }
    assertThat(dir.resolve("out")).doesNotExist();
  }
}
