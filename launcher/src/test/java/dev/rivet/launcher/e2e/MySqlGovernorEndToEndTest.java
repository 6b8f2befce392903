package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The governor on a real MariaDB: a {@code LOCK TABLES ... WRITE} that makes the probe wait for the
 * table's metadata lock slows the run down and pauses it, and it resumes once the lock is released;
 * the replica status is asked (MariaDB here is no replica: no lag, no failure). The output is the
 * source's rows exactly.
 */
@Tag("slow")
@Timeout(180)
class MySqlGovernorEndToEndTest {
  private static final String DB = "rivet_governor_my";
  private static final String TABLE = DB + ".t";
  private static final String PROBE = "SELECT 1 FROM `" + DB + "`.`t` WHERE 1 = 0";

  @TempDir Path dir;

  @BeforeAll
  static void createTable() throws Exception {
    TestMariaDb.execute(
        "DROP DATABASE IF EXISTS " + DB,
        "CREATE DATABASE " + DB,
        "CREATE TABLE " + TABLE + " (id BIGINT PRIMARY KEY, note VARCHAR(20))",
        "INSERT INTO " + TABLE + " SELECT seq, CONCAT('n', seq) FROM seq_1_to_3000",
        "ANALYZE TABLE " + TABLE);
  }

  @AfterAll
  static void dropTable() throws Exception {
    TestMariaDb.execute("DROP DATABASE IF EXISTS " + DB);
  }

  @Test
  void shouldPauseWhileALockHoldsTheProbeAndResumeAfter() throws Exception {
    Path config =
        new CsvExports(dir, TestMariaDb.sourceYaml())
            .config(
                "locked",
                "table: " + TABLE,
                "chunk_rows: 100",
                "parallelism: 1",
                "tuning: {max_source_latency: 200ms, max_replica_lag: 30s,"
                    + " max_rows_per_second: 300}");
    Path out = dir.resolve("locked.out");
    Path err = dir.resolve("locked.err");
    Process rivet =
        JavaProcess.start(
            dir,
            "512m",
            out,
            err,
            "run",
            "-c",
            config.toString(),
            "--export",
            "locked",
            "--output",
            "json");
    try (Connection locker = TestMariaDb.connect()) {
      // A chunk's file exists: the run reads, its governor has started.
      awaitFile(rivet, dir.resolve("out"));
      try (Statement s = locker.createStatement()) {
        s.execute("LOCK TABLES " + TABLE + " WRITE");
        // Held until the probe has waited long enough for two samples over the threshold.
        await(rivet, "INFO = '" + PROBE + "' AND TIME_MS > 4000");
        s.execute("UNLOCK TABLES");
      }
    } finally {
      if (!rivet.waitFor(120, TimeUnit.SECONDS)) {
        rivet.destroyForcibly();
      }
    }
    Cli.Result result =
        new Cli.Result(rivet.exitValue(), Files.readString(out), Files.readString(err));

    JsonNode run = JsonPins.json(result, 0).path("runs").get(0);
    JsonNode governor = run.path("governor");
    assertThat(governor.path("pauses").asLong()).as(result.toString()).isGreaterThanOrEqualTo(1);
    assertThat(governor.path("resumes").asLong()).as(result.toString()).isGreaterThanOrEqualTo(1);
    assertThat(governor.path("probe_failures").asLong()).as(result.toString()).isZero();
    assertThat(result.err())
        .contains("max_source_latency 200 ms: slowing down")
        .contains("max_source_latency 200 ms: pausing")
        .contains(": resuming at ")
        .doesNotContain("replica lag");
    assertThat(run.path("rows").asLong()).isEqualTo(3_000);
    Path runDir = ExportedRows.newRunDir(dir.resolve("out"), "locked", java.util.Set.of());
    List<String> truth;
    try (Connection c = TestMariaDb.connect()) {
      truth = ExportedRows.query(c, "SELECT id, note FROM " + TABLE);
    }
    assertThat(ExportedRows.csv(runDir, CsvExports.ID_NOTE))
        .hasSize(3_000)
        .containsExactlyInAnyOrderElementsOf(truth);
  }

  /** Waits until a file exists under {@code folder}. */
  private static void awaitFile(Process running, Path folder) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!running.isAlive()) {
        throw new AssertionError("the run ended (exit " + running.exitValue() + ") too early");
      }
      if (Files.isDirectory(folder)) {
        try (var files = Files.walk(folder)) {
          if (files.anyMatch(Files::isRegularFile)) {
            return;
          }
        }
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
    throw new AssertionError("no file under " + folder + " within 60 s");
  }

  /** Waits until another session's PROCESSLIST row matches {@code condition}. */
  private static void await(Process running, String condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    try (Connection c = TestMariaDb.connect();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*) FROM information_schema.PROCESSLIST"
                    + " WHERE ID <> CONNECTION_ID() AND "
                    + condition)) {
      while (System.nanoTime() < deadline) {
        if (!running.isAlive()) {
          throw new AssertionError(
              "the run ended (exit " + running.exitValue() + ") before " + condition);
        }
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          if (rs.getLong(1) > 0) {
            return;
          }
        }
        TimeUnit.MILLISECONDS.sleep(50);
      }
    }
    throw new AssertionError("nothing matched " + condition + " within 60 s");
  }
}
