package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped examples that need no cloud account run as written (a copy of examples/, pointed at
 * the test database) and publish exactly the demo table's rows.
 */
class ExamplesRunEndToEndTest {
  private static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();
  private static final String TABLE = "rivet_demo.orders";
  private static final Map<String, String> CANONICAL = new LinkedHashMap<>();

  static {
    CANONICAL.put("id", "id::text");
    CANONICAL.put("customer_id", "customer_id::text");
    CANONICAL.put("status", "status");
    CANONICAL.put("amount", "amount::text");
    CANONICAL.put("created_at", "(extract(epoch from created_at) * 1000000)::bigint::text");
    CANONICAL.put("note", "note");
  }

  @TempDir Path dir;

  /** The demo table as bin/demo creates it, unless bin/demo already did. */
  @BeforeAll
  static void demoTable() throws Exception {
    TestDatabase.execute(
        "CREATE SCHEMA IF NOT EXISTS rivet_demo",
        "CREATE TABLE IF NOT EXISTS "
            + TABLE
            + " (id bigint PRIMARY KEY, customer_id int NOT NULL, status text NOT NULL,"
            + " amount numeric(12,2) NOT NULL, created_at timestamptz NOT NULL, note text)",
        "INSERT INTO "
            + TABLE
            + " SELECT g, 1 + (g * 7919) % 5000,"
            + " (ARRAY['new', 'paid', 'shipped', 'delivered', 'cancelled'])[1 + (g * 31) % 5],"
            + " round(((g * 2654435761) % 100000000) / 100.0, 2),"
            + " timestamptz '2024-01-01 00:00:00+00' + g * interval '5 minutes 7 seconds',"
            + " CASE WHEN g % 7 = 0 THEN 'gift wrap, order ' || g END"
            + " FROM generate_series(1::bigint, 3000::bigint) AS g"
            + " WHERE NOT EXISTS (SELECT 1 FROM "
            + TABLE
            + ")",
        "ANALYZE " + TABLE);
  }

  @Test
  @Timeout(300)
  void minimalModeAndStateExamplesShouldPublishExactlyTheDemoRows() throws Exception {
    Path copy = copyExamples();
    Map<String, String> source = ColumnChecksums.ofPostgres(TABLE, CANONICAL);

    for (String[] example :
        List.of(
            new String[] {"rivet.yaml", "orders"},
            new String[] {"modes/incremental.yaml", "orders_incremental"},
            new String[] {"modes/chunked.yaml", "orders_by_month"},
            new String[] {"state-postgresql.yaml", "orders"})) {
      Path config = copy.resolve(example[0]);
      Cli.Result run = Cli.run("run", "-c", config.toString(), "--fresh");
      assertThat(run.exitCode()).as(example[0] + "\n" + run).isZero();
      Path destination =
          example[0].startsWith("modes/") ? copy.resolve("out") : config.getParent().resolve("out");
      Path runDir = newestRunDir(destination, example[1]);
      ColumnChecksums files = new ColumnChecksums(List.copyOf(CANONICAL.keySet()));
      OutputFiles.checksumParquet(OutputFiles.dataFiles(runDir, ".parquet"), files);
      Map<String, String> expected = new LinkedHashMap<>(source);
      assertThat(files.rows()).as(example[0]).isEqualTo(Long.parseLong(expected.remove("count")));
      assertThat(files.sums()).as(example[0]).isEqualTo(expected);
    }
    Cli.Result window = Cli.run("run", "-c", copy.resolve("modes/time_window.yaml").toString());
    assertThat(window.exitCode()).as(window.toString()).isZero();
  }

  @Test
  @Timeout(120)
  void stdoutExampleShouldStreamEveryRowAsCsv() throws Exception {
    Path copy = copyExamples();

    Cli.Result run = Cli.run("run", "-c", copy.resolve("destinations/stdout.yaml").toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    long rows = run.out().lines().count() - 1; // the header
    assertThat(rows)
        .isEqualTo(Long.parseLong(TestDatabase.queryString("SELECT count(*) FROM " + TABLE)));
  }

  private Path copyExamples() throws IOException {
    Path copy = dir.resolve("examples");
    try (Stream<Path> files = Files.walk(EXAMPLES)) {
      for (Path file : files.toList()) {
        Path relative = EXAMPLES.relativize(file);
        if (relative.startsWith("out") || relative.toString().contains(".rivet")) {
          continue;
        }
        Path target = copy.resolve(relative.toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else if (file.toString().endsWith(".yaml")) {
          Files.writeString(target, pointAtTestDatabase(Files.readString(file)));
        } else {
          Files.copy(file, target);
        }
      }
    }
    return copy;
  }

  private static String pointAtTestDatabase(String yaml) {
    String stateUrl =
        TestDatabase.URL
            + "?user="
            + TestDatabase.USER
            + (TestDatabase.PASSWORD.isEmpty() ? "" : "&password=" + TestDatabase.PASSWORD);
    return yaml.replace(
            "state: postgresql://postgres@127.0.0.1:5432/test", "state: \"" + stateUrl + "\"")
        .replaceAll(
            "(?m)^  url: .*postgresql://postgres@127\\.0\\.0\\.1:5432/test.*$",
            java.util.regex.Matcher.quoteReplacement(
                TestDatabase.sourceYaml().replace("source:\n", "").stripTrailing()));
  }

  private static Path newestRunDir(Path destination, String export) throws IOException {
    List<Path> runs = ExportedRows.runDirs(destination, export);
    return runs.get(runs.size() - 1);
  }
}
