package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.state.ChunkRecord;
import dev.rivet.state.RunRecord;
import dev.rivet.state.StateLocation;
import dev.rivet.state.StateStore;
import dev.rivet.state.backends.StateStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exports of one {@code rivet run} run side by side within the source's connection budget (the
 * smallest parallelism among them), each publishing exactly its source rows, summaries in config
 * order; one with {@code parallelism: 1} makes them run one after the other.
 */
@Tag("slow")
class SideBySideEndToEndTest {
  private static final String SCHEMA = "sidebyside_e2e";
  private static final int TABLES = 5;
  private static final Map<String, String> CANONICAL = new LinkedHashMap<>();

  static {
    CANONICAL.put("id", "id::text");
    CANONICAL.put("note", "note");
    CANONICAL.put("due", "(extract(epoch FROM due) * 1000000)::bigint::text");
  }

  @TempDir Path dir;

  @BeforeAll
  static void createTables() throws Exception {
    List<String> sql = new ArrayList<>();
    sql.add("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
    sql.add("CREATE SCHEMA " + SCHEMA);
    // Each read takes a second in the source, so that runs side by side are seen there together.
    sql.add(
        "CREATE FUNCTION "
            + SCHEMA
            + ".slow() RETURNS boolean LANGUAGE plpgsql VOLATILE AS"
            + " $$ BEGIN PERFORM pg_sleep(1); RETURN true; END $$");
    for (int i = 1; i <= TABLES; i++) {
      String table = SCHEMA + ".t" + i;
      sql.add(
          "CREATE TABLE "
              + table
              + " (id int PRIMARY KEY, note text, due timestamp DEFAULT '2024-01-01')");
      sql.add(
          "INSERT INTO "
              + table
              + " (id, note) SELECT g, CASE WHEN g % 9 = 0 THEN NULL ELSE 't"
              + i
              + " ' || g END FROM generate_series(1, "
              + (100 * i)
              + ") g");
    }
    TestDatabase.execute(sql.toArray(String[]::new));
  }

  @Test
  @Timeout(600)
  void shouldRunExportsSideBySideNeverAboveTheSmallestParallelism() throws Exception {
    Path config = config("", "");
    Sampler sampler = Sampler.start();
    Cli.Result run;
    try {
      run = Cli.run("run", "-c", config.toString());
    } finally {
      sampler.stop();
    }

    assertThat(run.exitCode()).as(run.toString()).isZero();
    for (int i = 1; i <= TABLES; i++) {
      assertPublishedExactly(i);
    }
    // Summaries in config order, whatever order the exports ended in.
    List<Integer> at = new ArrayList<>();
    for (int i = 1; i <= TABLES; i++) {
      at.add(run.out().indexOf(dir.resolve("out").resolve("e" + i).toString()));
    }
    assertThat(at).doesNotContain(-1).isSorted();
    // The source saw two of the exports' connections at once, never more.
    assertThat(sampler.most()).as("connections reading this test's tables at once").isEqualTo(2);
    assertThat(overlappingChunks()).as("chunks read at overlapping times").isPositive();
  }

  @Test
  @Timeout(600)
  void oneExportWithParallelismOneShouldMakeThemRunOneAfterTheOther() throws Exception {
    Path config = config("    parallelism: 1\n", "");
    Sampler sampler = Sampler.start();
    Cli.Result run;
    try {
      run = Cli.run("run", "-c", config.toString());
    } finally {
      sampler.stop();
    }

    assertThat(run.exitCode()).as(run.toString()).isZero();
    for (int i = 1; i <= TABLES; i++) {
      assertPublishedExactly(i);
    }
    assertThat(sampler.most()).isEqualTo(1);
    assertThat(overlappingChunks()).isZero();
  }

  @Test
  @Timeout(600)
  void aFailingExportShouldNotStopTheOthersAndShouldBeResumedNextTime() throws Exception {
    // The third export refuses an infinite timestamp (on_infinity: fail) while it reads.
    Path config = config("", "    on_infinity: fail\n");
    TestDatabase.execute("UPDATE " + SCHEMA + ".t3 SET due = 'infinity' WHERE id = 7");
    Cli.Result failing;
    try {
      failing = Cli.run("run", "-c", config.toString());
    } finally {
      TestDatabase.execute("UPDATE " + SCHEMA + ".t3 SET due = '2024-01-01' WHERE id = 7");
    }

    assertThat(failing.exitCode()).as(failing.toString()).isEqualTo(7);
    assertThat(failing.err()).contains("1 of " + TABLES + " exports failed: e3 (exit code 7)");
    for (int i = 1; i <= TABLES; i++) {
      if (i != 3) {
        assertPublishedExactly(i);
      }
    }

    Cli.Result again = Cli.run("run", "-c", config.toString(), "--export", "e3");

    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.err()).contains("export e3: resuming unfinished run");
    assertPublishedExactly(3);
  }

  /**
   * The config: exports e1..e5 of tables t1..t5, each read through a query that takes a second.
   *
   * @param firstExtra lines added to the first export
   * @param thirdExtra lines added to the third export
   */
  private Path config(String firstExtra, String thirdExtra) throws Exception {
    StringBuilder yaml =
        new StringBuilder(TestDatabase.sourceYaml())
            .append("state: ")
            .append(dir.resolve("state.db"))
            .append("\ndefaults:\n  destination: ")
            .append(dir.resolve("out"))
            .append("\nexports:\n");
    for (int i = 1; i <= TABLES; i++) {
      yaml.append("  - name: e").append(i).append('\n');
      yaml.append("    query: SELECT * FROM ")
          .append(SCHEMA)
          .append(".t")
          .append(i)
          .append(" WHERE (SELECT ")
          .append(SCHEMA)
          .append(".slow())\n");
      yaml.append(i == 1 ? firstExtra : i == 3 ? thirdExtra : "");
    }
    return Files.writeString(dir.resolve("rivet.yaml"), yaml.toString());
  }

  private void assertPublishedExactly(int table) throws Exception {
    Path runDir = OutputFiles.onlyRunDir(dir.resolve("out"), "e" + table);
    assertThat(runDir.resolve("_SUCCESS")).exists();
    ColumnChecksums files = new ColumnChecksums(List.copyOf(CANONICAL.keySet()));
    OutputFiles.checksumParquet(OutputFiles.dataFiles(runDir, ".parquet"), files);
    Map<String, String> source = ColumnChecksums.ofPostgres(SCHEMA + ".t" + table, CANONICAL);
    assertThat(files.rows()).isEqualTo(Long.parseLong(source.remove("count")));
    assertThat(files.sums()).isEqualTo(source);
  }

  /** How many pairs of chunks of the published runs were being read at the same time. */
  private int overlappingChunks() {
    List<ChunkRecord> chunks = new ArrayList<>();
    try (StateStore store = StateStores.open(StateLocation.sqliteFile(dir.resolve("state.db")))) {
      for (RunRecord run : store.runs(null, 100)) {
        chunks.addAll(store.chunks(run.runId()));
      }
    }
    int pairs = 0;
    for (int a = 0; a < chunks.size(); a++) {
      for (int b = a + 1; b < chunks.size(); b++) {
        ChunkRecord x = chunks.get(a);
        ChunkRecord y = chunks.get(b);
        if (x.startedAt().isBefore(y.finishedAt()) && y.startedAt().isBefore(x.finishedAt())) {
          pairs++;
        }
      }
    }
    return pairs;
  }

  /**
   * Counts, while a run goes on, the source connections whose statement reads this test's schema
   * (Rivet's connections carry application_name rivet), and remembers the most seen at once.
   */
  private static final class Sampler {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger most = new AtomicInteger();
    private final Thread thread = new Thread(this::sample, "sidebyside-sampler");

    static Sampler start() {
      Sampler sampler = new Sampler();
      sampler.thread.setDaemon(true);
      sampler.thread.start();
      return sampler;
    }

    private void sample() {
      try (Connection c = TestDatabase.connect();
          Statement s = c.createStatement()) {
        while (running.get()) {
          try (ResultSet rs =
              s.executeQuery(
                  "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'rivet'"
                      + " AND pid <> pg_backend_pid()"
                      + " AND state = 'active' AND query LIKE '%"
                      + SCHEMA
                      + ".slow()%'")) {
            rs.next();
            most.accumulateAndGet(rs.getInt(1), Math::max);
          }
          // A sample every 50 ms: each read lasts a second, so every overlap is seen.
          Thread.sleep(50);
        }
      } catch (Exception e) {
        most.set(-1);
      }
    }

    void stop() throws InterruptedException {
      running.set(false);
      thread.join();
    }

    int most() {
      return most.get();
    }
  }
}
