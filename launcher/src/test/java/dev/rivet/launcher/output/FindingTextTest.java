package dev.rivet.launcher.output;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.plan.KeyType;
import dev.rivet.kernel.plan.NoteCode;
import dev.rivet.kernel.plan.PlanNote;
import dev.rivet.planner.preflight.Finding;
import dev.rivet.planner.preflight.FindingCode;
import dev.rivet.planner.preflight.FindingParam;
import dev.rivet.planner.preflight.Severity;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every finding code has a message and a fix, and the words of each variant are pinned here: the
 * only place they are made.
 */
class FindingTextTest {
  private static final String CREATE = "CREATE INDEX ON \"app\".\"orders\" (\"updated_at\")";
  private static final String ANALYZE = "ANALYZE \"app\".\"orders\"";

  /** A value for every parameter any code takes. */
  private static final Map<FindingParam<?>, Object> SAMPLES = samples();

  private static Map<FindingParam<?>, Object> samples() {
    Map<FindingParam<?>, Object> samples = new HashMap<>();
    samples.put(FindingParam.TABLE, "app.orders");
    samples.put(FindingParam.ON_REPLICA, true);
    samples.put(FindingParam.KEY_ROLE, "chunk");
    samples.put(FindingParam.KEY, "updated_at");
    samples.put(FindingParam.COLUMN, "updated_at");
    samples.put(FindingParam.FALLBACK, List.of("created_at"));
    samples.put(FindingParam.KEY_TYPE, KeyType.TIMESTAMP);
    samples.put(FindingParam.CHUNKS, 48);
    samples.put(FindingParam.ESTIMATED_ROWS, 1_000_000L);
    samples.put(FindingParam.CREATE_INDEX, CREATE);
    samples.put(FindingParam.ANALYZE, ANALYZE);
    samples.put(FindingParam.FULL_SCAN_CHUNKS, List.of(0, 24));
    samples.put(FindingParam.SCANNED_ROWS, 48_000_000L);
    samples.put(FindingParam.ROWS_PER_KEY_VALUE, 0.01);
    samples.put(FindingParam.KEY_MIN, "1");
    samples.put(FindingParam.KEY_MAX, "100000000");
    samples.put(FindingParam.WALK_MAX_CHUNKS, 1_000);
    samples.put(FindingParam.EXPLAINED_ROWS, Map.of(0, 10L));
    samples.put(FindingParam.MIN_CHUNK_ROWS, 1_000L);
    samples.put(FindingParam.PARALLELISM, 8);
    samples.put(FindingParam.CAPPED_PARALLELISM, 4);
    samples.put(FindingParam.SUGGESTED_PARALLELISM, 4L);
    samples.put(FindingParam.LIMIT_NAME, "max_connections");
    samples.put(FindingParam.LIMIT_ALLOWED, 100L);
    samples.put(FindingParam.LIMIT_OPEN, 95L);
    samples.put(FindingParam.REASON, "permission denied");
    samples.put(FindingParam.CHUNK, 24);
    samples.put(FindingParam.AVERAGE_CHUNK_ROWS, 20_000L);
    samples.put(FindingParam.ESTIMATED_SECONDS, 0.4);
    samples.put(FindingParam.PER_FETCH, true);
    samples.put(FindingParam.DELIVERED_ROWS, 20_000L);
    samples.put(FindingParam.DELIVERED_ROWS_PER_SECOND, 50_000L);
    samples.put(FindingParam.FULL_SCAN_ROWS, 0L);
    samples.put(FindingParam.SCANNED_ROWS_PER_SECOND, 500_000L);
    samples.put(FindingParam.FULL_SCAN, false);
    samples.put(FindingParam.SETTING, "statement_timeout");
    samples.put(FindingParam.LIMIT_MILLIS, 500L);
    samples.put(FindingParam.BUDGET_ROWS, 12_500L);
    samples.put(FindingParam.LAG_SECONDS, 900.0);
    samples.put(FindingParam.TABLE_BYTES, 330L << 20);
    samples.put(FindingParam.CACHE_BYTES, 128L << 20);
    samples.put(
        FindingParam.NOTE,
        new PlanNote(
            NoteCode.FETCH_EXCEEDS_CHUNK, Map.of("fetch_size", "20000", "chunk_rows", "10000")));
    return samples;
  }

  @Test
  void shouldRenderEveryCodeAtEverySeverityWithAMessageAndAFix() {
    for (FindingCode code : FindingCode.values()) {
      Map<FindingParam<?>, Object> params = new LinkedHashMap<>();
      for (FindingParam<?> param : code.parameters()) {
        assertThat(SAMPLES).as("a sample value of %s (%s)", param, code).containsKey(param);
        params.put(param, SAMPLES.get(param));
      }
      for (Severity severity : Severity.values()) {
        FindingText text = FindingText.of(new Finding(code, severity, params));
        assertThat(text.message())
            .as("message of %s", code)
            .isNotBlank()
            .doesNotContainPattern("\\bnull\\b");
        assertThat(text.fix())
            .as("fix of %s", code)
            .isNotBlank()
            .doesNotContainPattern("\\bnull\\b");
      }
    }
  }

  @Test
  void shouldStateTheCostOfAHeldSnapshotAndTheReplicaConflict() {
    Finding primary =
        Finding.of(FindingCode.SNAPSHOT_HELD, Severity.INFO)
            .with(FindingParam.ESTIMATED_SECONDS, 120.4)
            .with(FindingParam.CHUNKS, 10)
            .with(FindingParam.PARALLELISM, 4)
            .with(FindingParam.ON_REPLICA, false);
    Finding replica =
        Finding.of(FindingCode.SNAPSHOT_HELD, Severity.WARN)
            .with(FindingParam.ESTIMATED_SECONDS, 120.4)
            .with(FindingParam.CHUNKS, 10)
            .with(FindingParam.PARALLELISM, 4)
            .with(FindingParam.ON_REPLICA, true);

    assertThat(FindingText.of(primary).message())
        .contains("about 120 s for 10 chunk(s) with parallelism 4")
        .contains("VACUUM cannot remove rows")
        .doesNotContain("hot_standby_feedback");
    assertThat(FindingText.of(primary).fix()).contains("consistency: chunk");
    assertThat(FindingText.of(replica).message())
        .contains("max_standby_streaming_delay")
        .contains("hot_standby_feedback");
    assertThat(FindingText.of(replica).fix()).contains("primary");
  }

  @Test
  void shouldSayHowMuchOfTheCacheAChunkedReadCanEvict() {
    Finding large =
        Finding.of(FindingCode.CACHE_EVICTION, Severity.INFO)
            .with(FindingParam.TABLE, "app.orders")
            .with(FindingParam.TABLE_BYTES, 330L << 20)
            .with(FindingParam.CACHE_BYTES, 128L << 20)
            .with(FindingParam.CHUNKS, 4);
    Finding small =
        Finding.of(FindingCode.CACHE_EVICTION, Severity.INFO)
            .with(FindingParam.TABLE, "app.orders")
            .with(FindingParam.TABLE_BYTES, 40L << 20)
            .with(FindingParam.CACHE_BYTES, 128L << 20)
            .with(FindingParam.CHUNKS, 4);

    assertThat(FindingText.of(large).message())
        .startsWith("app.orders (330.0 MiB) is read in 4 chunks")
        .contains("shared_buffers (128.0 MiB)")
        .contains("takes up to 128.0 MiB of the cache")
        .contains("the application's hot pages too");
    assertThat(FindingText.of(small).message())
        .contains("takes up to 40.0 MiB of the cache, evicting other tables' colder pages first")
        .doesNotContain("hot pages");
    assertThat(FindingText.of(large).fix()).contains("off-peak").contains("replica");
  }

  private static Finding finding(FindingCode code, Severity severity) {
    return Finding.of(code, severity);
  }

  private static void assertText(Finding finding, String message, String fix) {
    FindingText text = FindingText.of(finding);
    assertThat(text.message()).isEqualTo(message);
    assertThat(text.fix()).isEqualTo(fix);
  }

  @Test
  void shouldNameTheUnindexedColumnAndTheIndexToCreate() {
    Finding missing =
        finding(FindingCode.MISSING_INDEX, Severity.WARN)
            .with(FindingParam.TABLE, "app.orders")
            .with(FindingParam.KEY_ROLE, "chunk")
            .with(FindingParam.KEY, "updated_at")
            .with(FindingParam.CREATE_INDEX, CREATE);

    assertText(
        missing.with(FindingParam.CHUNKS, 3),
        "chunk column updated_at of app.orders has no index: every one of the 3 chunks scans the"
            + " whole table",
        "needs index: " + CREATE);
    assertText(
        missing.with(FindingParam.CHUNKS, 1),
        "chunk column updated_at of app.orders has no index: each run reads its range by scanning"
            + " the whole table in one statement",
        "needs index: " + CREATE);
    assertText(
        finding(FindingCode.MISSING_INDEX, Severity.WARN)
            .with(FindingParam.TABLE, "app.orders")
            .with(FindingParam.ESTIMATED_ROWS, 2_000_000L),
        "app.orders has no primary key or unique NOT NULL index Rivet can split on: its 2000000"
            + " rows are read by one long statement",
        "add a primary key or unique index over NOT NULL columns (integer, date, timestamp, text"
            + " of a deterministic collation, uuid, or several of these), or use mode: chunked"
            + " over an indexed column (docs/modes.md)");
    assertText(
        finding(FindingCode.MISSING_INDEX, Severity.WARN)
            .with(FindingParam.TABLE, "app.orders")
            .with(FindingParam.ESTIMATED_ROWS, 2_000_000L)
            .with(FindingParam.REASON, "unique index u: column a allows NULL"),
        "app.orders has no primary key or unique NOT NULL index Rivet can split on (unique index"
            + " u: column a allows NULL): its 2000000 rows are read by one long statement",
        "add a primary key or unique index over NOT NULL columns (integer, date, timestamp, text"
            + " of a deterministic collation, uuid, or several of these), or use mode: chunked"
            + " over an indexed column (docs/modes.md)");
  }

  @Test
  void shouldCountTheRowsFullScansReadAndSayHowToAvoidThem() {
    Finding scan =
        finding(FindingCode.SEQ_SCAN_PER_CHUNK, Severity.CRITICAL)
            .with(FindingParam.FULL_SCAN_CHUNKS, List.of(0, 50))
            .with(FindingParam.CHUNKS, 100);

    assertText(
        scan.with(FindingParam.TABLE, "app.orders")
            .with(FindingParam.ESTIMATED_ROWS, 1_000_000L)
            .with(FindingParam.SCANNED_ROWS, 100_000_000L)
            .with(FindingParam.CREATE_INDEX, CREATE)
            .with(FindingParam.ANALYZE, ANALYZE),
        "EXPLAIN shows a full scan of app.orders for chunk 0, 50: each of the 100 chunks reads the"
            + " whole table (about 1000000 rows), 100000000 rows in all",
        "needs index: " + CREATE + " (then each chunk reads only its range)");
    assertText(
        scan.with(FindingParam.TABLE, "app.orders").with(FindingParam.ANALYZE, ANALYZE),
        "EXPLAIN shows a full scan of app.orders for chunk 0, 50: each of the 100 chunks reads the"
            + " whole table",
        "each chunk covers so much of the table that the optimizer prefers a full scan: raise"
            + " chunk_rows so fewer chunks scan it, or run "
            + ANALYZE
            + " if the statistics are stale");
    assertText(
        scan.with(FindingParam.ESTIMATED_ROWS, Long.MAX_VALUE / 2)
            .with(FindingParam.SCANNED_ROWS, Long.MAX_VALUE),
        "EXPLAIN shows a full scan of the query for chunk 0, 50: each of the 100 chunks reads the"
            + " whole table (about 4611686018427387903 rows), overflowing rows in all",
        "each chunk covers so much of the table that the optimizer prefers a full scan: raise"
            + " chunk_rows so fewer chunks scan it, or run ANALYZE if the statistics are stale");
  }

  @Test
  void shouldSayWhetherAnIndexWalkBalancesASparseKey() {
    Finding sparse =
        finding(FindingCode.SPARSE_KEY, Severity.INFO)
            .with(FindingParam.KEY, "id")
            .with(FindingParam.ROWS_PER_KEY_VALUE, 2.0e-8)
            .with(FindingParam.KEY_MIN, "1")
            .with(FindingParam.KEY_MAX, "1000000000000")
            .with(FindingParam.WALK_MAX_CHUNKS, 1_000);

    assertText(
        sparse.with(FindingParam.CHUNKS, 20),
        "key id is sparse (about 2.0e-08 rows per key value over [1, 1000000000000]): boundaries"
            + " are placed by walking its index, so chunks are balanced; each plan reads the whole"
            + " key index once to place them",
        "nothing to change");
    Map<Integer, Long> explained = new LinkedHashMap<>();
    explained.put(0, 10L);
    explained.put(1_000, 10L);
    assertText(
        sparse
            .with(FindingParam.CHUNKS, 2_000)
            .with(FindingParam.EXPLAINED_ROWS, explained)
            .with(FindingParam.MIN_CHUNK_ROWS, 20L),
        "key id is sparse (about 2.0e-08 rows per key value over [1, 1000000000000]) and 2000"
            + " chunks are more than the 1000 an index walk places: boundaries are at equal widths,"
            + " so most rows can land in a few chunks (EXPLAIN: chunk 0 ~10 rows, chunk 1000 ~10"
            + " rows)",
        "raise chunk_rows to at least 20 so the planner walks the index and balances the chunks");
  }

  @Test
  void shouldTellANullableCursorFromOneWithNullableFallbacks() {
    Finding nullable =
        finding(FindingCode.NULLABLE_CURSOR, Severity.WARN).with(FindingParam.COLUMN, "updated_at");

    assertText(
        nullable.with(FindingParam.KEY, "updated_at").with(FindingParam.FALLBACK, List.of()),
        "cursor updated_at is nullable: rows where it is NULL are never exported",
        "add cursor.fallback with a column set on every row (e.g. created_at), or make updated_at"
            + " NOT NULL");
    assertText(
        nullable
            .with(FindingParam.KEY, "COALESCE(updated_at, deleted_at)")
            .with(FindingParam.FALLBACK, List.of("deleted_at")),
        "cursor COALESCE(updated_at, deleted_at) is nullable: rows where it is NULL are never"
            + " exported",
        "make updated_at or a fallback column NOT NULL");
  }

  @Test
  void shouldSuggestALookbackInTheCursorsOwnUnits() {
    Finding late =
        finding(FindingCode.CURSOR_NOT_MONOTONIC, Severity.WARN)
            .with(FindingParam.KEY, "updated_at");
    String written =
        " without lookback: its value is set when a row is written, not when it commits, so a row"
            + " committed after a run planned and stamped at or below that run's mark is never"
            + " exported";

    assertText(
        late.with(FindingParam.KEY_TYPE, KeyType.TIMESTAMPTZ),
        "cursor updated_at is a timestamp" + written,
        "set cursor.lookback to more than your longest write transaction (e.g. lookback: 5"
            + " minutes) and deduplicate downstream on the table's key");
    assertText(
        late.with(FindingParam.KEY_TYPE, KeyType.DATE),
        "cursor updated_at is a date" + written,
        "set cursor.lookback to more than your longest write transaction (e.g. lookback: 1 day)"
            + " and deduplicate downstream on the table's key");
    assertText(
        finding(FindingCode.CURSOR_NOT_MONOTONIC, Severity.INFO)
            .with(FindingParam.KEY, "id")
            .with(FindingParam.KEY_TYPE, KeyType.INTEGER),
        "cursor id has no lookback: ids are taken when a row is inserted, not when it commits, so"
            + " a transaction that commits after a run planned can leave a lower id behind the"
            + " mark",
        "if writes to this table can commit out of id order, set cursor.lookback to a number of"
            + " ids (e.g. lookback: 1000) and deduplicate downstream");
  }

  private static Finding connections(int parallelism, long allowed, long open, int capped) {
    return finding(FindingCode.PARALLELISM_ABOVE_FREE_CONNECTIONS, Severity.CRITICAL)
        .with(FindingParam.PARALLELISM, parallelism)
        .with(FindingParam.LIMIT_NAME, "max_connections")
        .with(FindingParam.LIMIT_ALLOWED, allowed)
        .with(FindingParam.LIMIT_OPEN, open)
        .with(FindingParam.CAPPED_PARALLELISM, capped)
        .with(FindingParam.SUGGESTED_PARALLELISM, Math.max(1, allowed - open - 1));
  }

  @Test
  void shouldSayWhichConnectionLimitParallelismMeets() {
    assertText(
        connections(1_000, 100, 5, 94),
        "parallelism 1000 is above the connection limit: max_connections allows 100 and 5 are"
            + " open; the source can never serve that many chunk reads at once (this run would be"
            + " capped at 94)",
        "set parallelism to at most 94 (the free connections less one)");
    assertText(
        connections(2, 20, 20, 1),
        "the source has no free connection: max_connections allows 20 and 20 are open",
        "run when other clients have disconnected, or raise the limit");
    assertText(
        connections(8, 20, 17, 2),
        "parallelism 8 is above the 3 free connections less one kept for other clients"
            + " (max_connections allows 20 and 17 are open): this run is capped at 2",
        "set parallelism to 2");
    assertText(
        finding(FindingCode.CONNECTIONS_UNKNOWN, Severity.INFO)
            .with(FindingParam.REASON, "permission denied")
            .with(FindingParam.PARALLELISM, 2),
        "free connections unknown (permission denied): parallelism 2 is not checked against them",
        "let the exporting user read connection statistics (PostgreSQL: pg_read_all_stats;"
            + " MySQL/MariaDB: PROCESS), or keep parallelism at what the source can spare");
  }

  private static Finding statementTime(
      Severity severity, double seconds, boolean perFetch, long delivered, long scanned) {
    return finding(FindingCode.CHUNK_EXCEEDS_STATEMENT_TIMEOUT, severity)
        .with(FindingParam.ESTIMATED_SECONDS, seconds)
        .with(FindingParam.PER_FETCH, perFetch)
        .with(FindingParam.DELIVERED_ROWS, delivered)
        .with(FindingParam.DELIVERED_ROWS_PER_SECOND, 50_000L)
        .with(FindingParam.FULL_SCAN_ROWS, scanned)
        .with(FindingParam.SCANNED_ROWS_PER_SECOND, 500_000L)
        .with(FindingParam.FULL_SCAN, scanned > 0);
  }

  @Test
  void shouldShowTheStatementTimeEstimateAndTheSizeThatFitsTheLimit() {
    assertText(
        statementTime(Severity.CRITICAL, 1.0, false, 50_000, 0)
            .with(FindingParam.CHUNK, 0)
            .with(FindingParam.SETTING, "max_statement_time")
            .with(FindingParam.LIMIT_MILLIS, 500L)
            .with(FindingParam.BUDGET_ROWS, 12_500L),
        "chunk 0 is estimated to run 1.0 s (50000 rows at 50000 rows/s), beyond"
            + " max_statement_time = 500 ms: the source cancels a statement that runs longer",
        "lower chunk_rows to about 12500 (half the limit at 50000 rows/s), or raise"
            + " max_statement_time for the exporting user");
    assertText(
        statementTime(Severity.WARN, 0.001, true, 50, 0)
            .with(FindingParam.AVERAGE_CHUNK_ROWS, 50L)
            .with(FindingParam.SETTING, "statement_timeout")
            .with(FindingParam.LIMIT_MILLIS, 2L)
            .with(FindingParam.BUDGET_ROWS, 50L),
        "a chunk of about 50 rows is estimated to run 1 ms per fetch (50 rows per fetch at 50000"
            + " rows/s), more than half of statement_timeout = 2 ms: the source cancels a"
            + " statement that runs longer",
        "lower fetch_size to about 50 (half the limit at 50000 rows/s), or raise statement_timeout"
            + " for the exporting user");
    Finding scanning =
        statementTime(Severity.CRITICAL, 10.0, true, 1_000, 5_000_000)
            .with(FindingParam.CHUNK, 0)
            .with(FindingParam.SETTING, "statement_timeout")
            .with(FindingParam.LIMIT_MILLIS, 5_000L)
            .with(FindingParam.BUDGET_ROWS, 125_000L);
    String scanMessage =
        "chunk 0 is estimated to run 10.0 s per fetch (1000 rows per fetch at 50000 rows/s + a"
            + " full scan of 5000000 rows at 500000 rows/s), beyond statement_timeout = 5000 ms:"
            + " the source cancels a statement that runs longer";
    assertText(
        scanning,
        scanMessage,
        "make chunks read an index range (see seq_scan_per_chunk), or raise statement_timeout for"
            + " the exporting user");
    assertText(
        scanning.with(FindingParam.CREATE_INDEX, CREATE),
        scanMessage,
        "needs index: " + CREATE + ", or raise statement_timeout for the exporting user");
  }

  @Test
  void shouldRenderTheRemainingSourceFindings() {
    assertText(
        finding(FindingCode.REPLICA_LAG, Severity.WARN).with(FindingParam.LAG_SECONDS, 900.0),
        "the source is a replica 900 s behind its primary: the export reads data that old",
        "wait for the replica to catch up, or read from the primary if freshness matters");
    assertText(
        finding(FindingCode.NO_STATISTICS, Severity.INFO)
            .with(FindingParam.TABLE, "app.orders")
            .with(FindingParam.ANALYZE, ANALYZE),
        "app.orders has no planner statistics: chunk counts and sizes are guesses",
        "run " + ANALYZE);
    assertText(
        finding(FindingCode.EXPLAIN_UNAVAILABLE, Severity.INFO)
            .with(FindingParam.CHUNK, 0)
            .with(FindingParam.REASON, "permission denied"),
        "EXPLAIN of chunk 0 failed: permission denied",
        "grant the exporting user what EXPLAIN of the chunk query needs, or check by hand");
  }

  @Test
  void shouldLetAPlannerWarningSayItselfAndPointToTheDocsWithoutAFix() {
    assertText(
        finding(FindingCode.MEMORY_BUDGET, Severity.WARN)
            .with(
                FindingParam.NOTE,
                new PlanNote(
                    NoteCode.FETCH_EXCEEDS_CHUNK,
                    Map.of("fetch_size", "20000", "chunk_rows", "10000"))),
        "fetch_size 20000 is larger than chunk_rows 10000, so each chunk arrives in one fetch and"
            + " is held in memory whole",
        "set fetch_size to at most chunk_rows");
    assertText(
        finding(FindingCode.FILE_ROTATION, Severity.INFO)
            .with(
                FindingParam.NOTE,
                new PlanNote(
                    NoteCode.MAX_ROWS_PER_FILE_ABOVE_CHUNK,
                    Map.of("max_rows_per_file", "5000", "chunk_rows", "1000"))),
        "max_rows_per_file 5000 is not below chunk_rows 1000: every chunk already fits in one"
            + " file, so the limit only matters for chunks larger than planned",
        "see docs/planning.md section 9");
  }
}
