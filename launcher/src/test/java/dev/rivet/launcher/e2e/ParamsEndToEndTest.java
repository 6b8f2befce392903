package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code rivet run --param}: a parameterised query exports exactly the rows it selects. */
class ParamsEndToEndTest {
  private static final String TABLE = "rivet_e2e_params.items";
  private static final Map<String, String> CANONICAL = new LinkedHashMap<>();

  static {
    CANONICAL.put("id", "id::text");
    CANONICAL.put("note", "note");
  }

  @TempDir Path dir;

  @BeforeAll
  static void createTable() throws Exception {
    TestDatabase.execute(
        "DROP SCHEMA IF EXISTS rivet_e2e_params CASCADE",
        "CREATE SCHEMA rivet_e2e_params",
        "CREATE TABLE " + TABLE + " (id int PRIMARY KEY, note text)",
        "INSERT INTO " + TABLE + " SELECT g, 'n' || g FROM generate_series(1, 1000) g");
  }

  @Test
  @Timeout(120)
  void shouldExportExactlyTheRowsTheParameterisedQuerySelects() throws Exception {
    Files.writeString(
        dir.resolve("q.sql"), "SELECT id, note FROM " + TABLE + " WHERE id > ${min_id}");
    Path config = config("query_file: q.sql");

    Cli.Result run = Cli.run("run", "-c", config.toString(), "--param", "min_id=750");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    Path runDir = OutputFiles.onlyRunDir(dir.resolve("out"), "items");
    ColumnChecksums files = new ColumnChecksums(List.copyOf(CANONICAL.keySet()));
    OutputFiles.checksumParquet(OutputFiles.dataFiles(runDir, ".parquet"), files);
    Map<String, String> source =
        ColumnChecksums.ofPostgres("(SELECT * FROM " + TABLE + " WHERE id > 750) AS t", CANONICAL);
    assertThat(files.rows()).isEqualTo(250).isEqualTo(Long.parseLong(source.remove("count")));
    assertThat(files.sums()).isEqualTo(source);
  }

  @Test
  void badParamsShouldBeUsageErrorsThatSayWhatToDo() throws Exception {
    Path config = config("query: SELECT id, note FROM " + TABLE + " WHERE id > ${min_id}");

    Cli.Result missing = Cli.run("plan", "-c", config.toString());
    Cli.Result unused =
        Cli.run("plan", "-c", config.toString(), "--param", "min_id=1", "--param", "mni_id=2");
    Cli.Result noValue = Cli.run("plan", "-c", config.toString(), "--param", "min_id");
    Cli.Result twice =
        Cli.run("plan", "-c", config.toString(), "--param", "min_id=1", "--param", "min_id=2");

    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("'min_id' is not a --param").contains("--param min_id=");
    assertThat(unused.exitCode()).isEqualTo(2);
    assertThat(unused.err()).contains("--param mni_id is not used");
    assertThat(noValue.exitCode()).isEqualTo(2);
    assertThat(noValue.err()).contains("--param 'min_id' has no value");
    assertThat(twice.exitCode()).isEqualTo(2);
    assertThat(twice.err()).contains("--param min_id is given twice");
    for (Cli.Result r : List.of(missing, unused, noValue, twice)) {
      assertThat(r.err()).doesNotContain("\tat ");
    }
  }

  private Path config(String relation) throws Exception {
    return Files.writeString(
        dir.resolve("rivet.yaml"),
        TestDatabase.sourceYaml()
            + "exports:\n  - name: items\n    "
            + relation
            + "\n    destination: "
            + dir.resolve("out")
            + "\n");
  }
}
