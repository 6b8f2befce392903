package dev.rivet.launcher.output;

import static dev.rivet.planner.preflight.FindingParam.ANALYZE;
import static dev.rivet.planner.preflight.FindingParam.AVERAGE_CHUNK_ROWS;
import static dev.rivet.planner.preflight.FindingParam.BUDGET_ROWS;
import static dev.rivet.planner.preflight.FindingParam.CACHE_BYTES;
import static dev.rivet.planner.preflight.FindingParam.CAPPED_PARALLELISM;
import static dev.rivet.planner.preflight.FindingParam.CHUNK;
import static dev.rivet.planner.preflight.FindingParam.CHUNKS;
import static dev.rivet.planner.preflight.FindingParam.COLUMN;
import static dev.rivet.planner.preflight.FindingParam.CREATE_INDEX;
import static dev.rivet.planner.preflight.FindingParam.DELIVERED_ROWS;
import static dev.rivet.planner.preflight.FindingParam.DELIVERED_ROWS_PER_SECOND;
import static dev.rivet.planner.preflight.FindingParam.ESTIMATED_ROWS;
import static dev.rivet.planner.preflight.FindingParam.ESTIMATED_SECONDS;
import static dev.rivet.planner.preflight.FindingParam.EXPLAINED_ROWS;
import static dev.rivet.planner.preflight.FindingParam.FALLBACK;
import static dev.rivet.planner.preflight.FindingParam.FULL_SCAN;
import static dev.rivet.planner.preflight.FindingParam.FULL_SCAN_CHUNKS;
import static dev.rivet.planner.preflight.FindingParam.FULL_SCAN_ROWS;
import static dev.rivet.planner.preflight.FindingParam.KEY;
import static dev.rivet.planner.preflight.FindingParam.KEY_MAX;
import static dev.rivet.planner.preflight.FindingParam.KEY_MIN;
import static dev.rivet.planner.preflight.FindingParam.KEY_ROLE;
import static dev.rivet.planner.preflight.FindingParam.KEY_TYPE;
import static dev.rivet.planner.preflight.FindingParam.LAG_SECONDS;
import static dev.rivet.planner.preflight.FindingParam.LIMIT_ALLOWED;
import static dev.rivet.planner.preflight.FindingParam.LIMIT_MILLIS;
import static dev.rivet.planner.preflight.FindingParam.LIMIT_NAME;
import static dev.rivet.planner.preflight.FindingParam.LIMIT_OPEN;
import static dev.rivet.planner.preflight.FindingParam.MIN_CHUNK_ROWS;
import static dev.rivet.planner.preflight.FindingParam.NOTE;
import static dev.rivet.planner.preflight.FindingParam.ON_REPLICA;
import static dev.rivet.planner.preflight.FindingParam.PARALLELISM;
import static dev.rivet.planner.preflight.FindingParam.PER_FETCH;
import static dev.rivet.planner.preflight.FindingParam.REASON;
import static dev.rivet.planner.preflight.FindingParam.ROWS_PER_KEY_VALUE;
import static dev.rivet.planner.preflight.FindingParam.SCANNED_ROWS;
import static dev.rivet.planner.preflight.FindingParam.SCANNED_ROWS_PER_SECOND;
import static dev.rivet.planner.preflight.FindingParam.SETTING;
import static dev.rivet.planner.preflight.FindingParam.SUGGESTED_PARALLELISM;
import static dev.rivet.planner.preflight.FindingParam.TABLE;
import static dev.rivet.planner.preflight.FindingParam.TABLE_BYTES;
import static dev.rivet.planner.preflight.FindingParam.WALK_MAX_CHUNKS;

import dev.rivet.kernel.plan.KeyType;
import dev.rivet.kernel.plan.PlanNote;
import dev.rivet.planner.preflight.Finding;
import dev.rivet.planner.preflight.FindingCode;
import dev.rivet.planner.tuning.ConnectionLimit;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What a preflight finding says to people: its message (what was found, naming the table, column
 * and figures) and its fix (what to change, e.g. the {@code CREATE INDEX} statement to add). The
 * one place findings become text, from their code and parameters; nothing decides on it.
 */
public record FindingText(String message, String fix) {
  public FindingText {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(fix, "fix");
  }

  /** The text of {@code finding}: one case per code, so a code without text does not compile. */
  public static FindingText of(Finding finding) {
    return switch (finding.code()) {
      case MISSING_INDEX -> missingIndex(finding);
      case SEQ_SCAN_PER_CHUNK -> seqScanPerChunk(finding);
      case SPARSE_KEY -> sparseKey(finding);
      case NULLABLE_CURSOR -> nullableCursor(finding);
      case CURSOR_NOT_MONOTONIC -> cursorNotMonotonic(finding);
      case PARALLELISM_ABOVE_FREE_CONNECTIONS -> parallelism(finding);
      case CONNECTIONS_UNKNOWN ->
          new FindingText(
              "free connections unknown ("
                  + finding.get(REASON)
                  + "): parallelism "
                  + finding.get(PARALLELISM)
                  + " is not checked against them",
              "let the exporting user read connection statistics (PostgreSQL: pg_read_all_stats;"
                  + " MySQL/MariaDB: PROCESS), or keep parallelism at what the source can spare");
      case CHUNK_EXCEEDS_STATEMENT_TIMEOUT -> statementTime(finding);
      case MEMORY_BUDGET, WIDE_ROWS, LONG_CHUNK, FILE_ROTATION, PLAN_WARNING, SESSIONS_HIDDEN ->
          planNote(finding.get(NOTE));
      case NO_STATISTICS ->
          new FindingText(
              finding.get(TABLE) + " has no planner statistics: chunk counts and sizes are guesses",
              "run " + finding.find(ANALYZE).orElse("ANALYZE"));
      case REPLICA_LAG ->
          new FindingText(
              String.format(
                  Locale.ROOT,
                  "the source is a replica %.0f s behind its primary: the export reads data that old",
                  finding.get(LAG_SECONDS)),
              "wait for the replica to catch up, or read from the primary if freshness matters");
      case SNAPSHOT_HELD -> snapshotHeld(finding);
      case CACHE_EVICTION -> cacheEviction(finding);
      case EXPLAIN_UNAVAILABLE ->
          new FindingText(
              "EXPLAIN of chunk " + finding.get(CHUNK) + " failed: " + finding.get(REASON),
              "grant the exporting user what EXPLAIN of the chunk query needs, or check by hand");
    };
  }

  private static FindingText cacheEviction(Finding finding) {
    long table = finding.get(TABLE_BYTES);
    long cache = finding.get(CACHE_BYTES);
    return new FindingText(
        finding.get(TABLE)
            + " ("
            + Numbers.bytes(table)
            + ") is read in "
            + finding.get(CHUNKS)
            + " chunks by index or block range scans, which PostgreSQL reads through shared_buffers ("
            + Numbers.bytes(cache)
            + ") without the small ring a whole-table scan uses: the run takes up to "
            + Numbers.bytes(Math.min(table, cache))
            + " of the cache, evicting other tables' colder pages first"
            + (table > cache
                ? " and, as the table is larger than shared_buffers, the application's hot pages"
                    + " too, which it reads back from the OS or disk after the run"
                : ""),
        "run large exports off-peak or from a replica, or warm the application's hot tables again"
            + " afterwards (pg_prewarm); docs/benchmarks.md (\"buffer cache\") has the measured"
            + " size of the harm");
  }

  private static FindingText snapshotHeld(Finding finding) {
    String held =
        String.format(
            Locale.ROOT,
            "consistency: snapshot holds one snapshot open for the whole run (about %.0f s for %d"
                + " chunk(s) with parallelism %d, plus one idle connection): until it ends, VACUUM"
                + " cannot remove rows deleted or updated after it, so busy tables bloat",
            finding.get(ESTIMATED_SECONDS),
            finding.get(CHUNKS),
            finding.get(PARALLELISM));
    if (finding.get(ON_REPLICA)) {
      return new FindingText(
          held
              + "; on this replica, replay that removes such rows conflicts with it and cancels the"
              + " run after max_standby_streaming_delay unless hot_standby_feedback is on (which"
              + " moves the bloat to the primary)",
          "run snapshot exports on the primary, or set hot_standby_feedback = on for the run, or"
              + " use consistency: chunk");
    }
    return new FindingText(
        held,
        "keep snapshot runs short (run them off-peak), or use consistency: chunk when each chunk"
            + " may read its own point in time");
  }

  private static FindingText missingIndex(Finding finding) {
    String table = finding.get(TABLE);
    if (!finding.has(KEY)) {
      return new FindingText(
          table
              + " has no primary key or unique NOT NULL index Rivet can split on"
              + finding.find(REASON).map(r -> " (" + r + ")").orElse("")
              + ": its "
              + finding.get(ESTIMATED_ROWS)
              + " rows are read by one long statement",
          "add a primary key or unique index over NOT NULL columns (integer, date, timestamp, text"
              + " of a deterministic collation, uuid, or several of these), or use mode: chunked"
              + " over an indexed column (docs/modes.md)");
    }
    int chunks = finding.get(CHUNKS);
    return new FindingText(
        finding.get(KEY_ROLE)
            + " column "
            + finding.get(KEY)
            + " of "
            + table
            + " has no index: "
            + (chunks > 1
                ? "every one of the " + chunks + " chunks scans the whole table"
                : "each run reads its range by scanning the whole table in one statement"),
        "needs index: " + finding.get(CREATE_INDEX));
  }

  private static FindingText seqScanPerChunk(Finding finding) {
    String rows =
        finding
            .find(ESTIMATED_ROWS)
            .map(
                tableRows -> {
                  long scanned = finding.get(SCANNED_ROWS);
                  return " (about "
                      + tableRows
                      + " rows), "
                      + (scanned == Long.MAX_VALUE ? "overflowing" : Long.toString(scanned))
                      + " rows in all";
                })
            .orElse("");
    String fix =
        finding
            .find(CREATE_INDEX)
            .map(create -> "needs index: " + create + " (then each chunk reads only its range)")
            .orElseGet(
                () ->
                    "each chunk covers so much of the table that the optimizer prefers a full"
                        + " scan: raise chunk_rows so fewer chunks scan it, or run "
                        + finding.find(ANALYZE).orElse("ANALYZE")
                        + " if the statistics are stale");
    return new FindingText(
        "EXPLAIN shows a full scan of "
            + finding.find(TABLE).orElse("the query")
            + " for chunk "
            + finding.get(FULL_SCAN_CHUNKS).stream()
                .map(String::valueOf)
                .collect(Collectors.joining(", "))
            + ": each of the "
            + finding.get(CHUNKS)
            + " chunks reads the whole table"
            + rows,
        fix);
  }

  private static FindingText sparseKey(Finding finding) {
    String sparse =
        "key "
            + finding.get(KEY)
            + " is sparse (about "
            + String.format(Locale.ROOT, "%.2g", finding.get(ROWS_PER_KEY_VALUE))
            + " rows per key value over ["
            + finding.get(KEY_MIN)
            + ", "
            + finding.get(KEY_MAX)
            + "])";
    int chunks = finding.get(CHUNKS);
    int walkMax = finding.get(WALK_MAX_CHUNKS);
    if (chunks <= walkMax) {
      return new FindingText(
          sparse
              + ": boundaries are placed by walking its index, so chunks are balanced; each plan"
              + " reads the whole key index once to place them",
          "nothing to change");
    }
    Map<Integer, Long> explained = finding.get(EXPLAINED_ROWS);
    return new FindingText(
        sparse
            + " and "
            + chunks
            + " chunks are more than the "
            + walkMax
            + " an index walk places: boundaries are at equal widths, so most rows can land in a"
            + " few chunks"
            + (explained.isEmpty()
                ? ""
                : " (EXPLAIN: "
                    + explained.entrySet().stream()
                        .map(e -> "chunk " + e.getKey() + " ~" + e.getValue() + " rows")
                        .collect(Collectors.joining(", "))
                    + ")"),
        "raise chunk_rows to at least "
            + finding.get(MIN_CHUNK_ROWS)
            + " so the planner walks the index and balances the chunks");
  }

  private static FindingText nullableCursor(Finding finding) {
    String column = finding.get(COLUMN);
    return new FindingText(
        "cursor " + finding.get(KEY) + " is nullable: rows where it is NULL are never exported",
        finding.get(FALLBACK).isEmpty()
            ? "add cursor.fallback with a column set on every row (e.g. created_at), or make "
                + column
                + " NOT NULL"
            : "make " + column + " or a fallback column NOT NULL");
  }

  private static FindingText cursorNotMonotonic(Finding finding) {
    KeyType type = finding.get(KEY_TYPE);
    String cursor = "cursor " + finding.get(KEY);
    if (type == KeyType.INTEGER) {
      return new FindingText(
          cursor
              + " has no lookback: ids are taken when a row is inserted, not when it commits, so a"
              + " transaction that commits after a run planned can leave a lower id behind the"
              + " mark",
          "if writes to this table can commit out of id order, set cursor.lookback to a number of"
              + " ids (e.g. lookback: 1000) and deduplicate downstream");
    }
    boolean date = type == KeyType.DATE;
    return new FindingText(
        cursor
            + " is a "
            + (date ? "date" : "timestamp")
            + " without lookback: its value is set when a row is written, not when it commits, so"
            + " a row committed after a run planned and stamped at or below that run's mark is"
            + " never exported",
        "set cursor.lookback to more than your longest write transaction (e.g. lookback:"
            + (date ? " 1 day" : " 5 minutes")
            + ") and deduplicate downstream on the table's key");
  }

  private static FindingText parallelism(Finding finding) {
    ConnectionLimit limit =
        new ConnectionLimit(
            finding.get(LIMIT_NAME), finding.get(LIMIT_ALLOWED), finding.get(LIMIT_OPEN));
    int configured = finding.get(PARALLELISM);
    long suggested = finding.get(SUGGESTED_PARALLELISM);
    if (configured > limit.allowed()) {
      return new FindingText(
          "parallelism "
              + configured
              + " is above the connection limit: "
              + limit.describe()
              + "; the source can never serve that many chunk reads at once (this run would be"
              + " capped at "
              + finding.get(CAPPED_PARALLELISM)
              + ")",
          "set parallelism to at most " + suggested + " (the free connections less one)");
    }
    if (limit.free() == 0) {
      return new FindingText(
          "the source has no free connection: " + limit.describe(),
          "run when other clients have disconnected, or raise the limit");
    }
    return new FindingText(
        "parallelism "
            + configured
            + " is above the "
            + limit.free()
            + " free connections less one kept for other clients ("
            + limit.describe()
            + "): this run is capped at "
            + finding.get(CAPPED_PARALLELISM),
        "set parallelism to " + suggested);
  }

  private static FindingText statementTime(Finding finding) {
    boolean perFetch = finding.get(PER_FETCH);
    double seconds = finding.get(ESTIMATED_SECONDS);
    long millis = finding.get(LIMIT_MILLIS);
    String setting = finding.get(SETTING);
    long rate = finding.get(DELIVERED_ROWS_PER_SECOND);
    long scanned = finding.get(FULL_SCAN_ROWS);
    String basis =
        finding.get(DELIVERED_ROWS)
            + " rows"
            + (perFetch ? " per fetch" : "")
            + " at "
            + rate
            + " rows/s"
            + (scanned > 0
                ? " + a full scan of "
                    + scanned
                    + " rows at "
                    + finding.get(SCANNED_ROWS_PER_SECOND)
                    + " rows/s"
                : "");
    String message =
        finding
                .find(CHUNK)
                .map(chunk -> "chunk " + chunk)
                .orElseGet(() -> "a chunk of about " + finding.get(AVERAGE_CHUNK_ROWS) + " rows")
            + " is estimated to run "
            + duration(seconds)
            + (perFetch ? " per fetch" : "")
            + " ("
            + basis
            + "), "
            + (seconds >= millis / 1000.0 ? "beyond" : "more than half of")
            + " "
            + setting
            + " = "
            + millis
            + " ms: the source cancels a statement that runs longer";
    String raise = "or raise " + setting + " for the exporting user";
    String fix;
    if (finding.has(CREATE_INDEX)) {
      fix = "needs index: " + finding.get(CREATE_INDEX) + ", " + raise;
    } else if (finding.get(FULL_SCAN)) {
      fix =
          "make chunks read an index range (see "
              + FindingCode.SEQ_SCAN_PER_CHUNK.wireValue()
              + "), "
              + raise;
    } else {
      fix =
          String.format(
              Locale.ROOT,
              "lower %s to about %d (half the limit at %d rows/s), %s",
              perFetch ? "fetch_size" : "chunk_rows",
              finding.get(BUDGET_ROWS),
              rate,
              raise);
    }
    return new FindingText(message, fix);
  }

  /** e.g. {@code 1.2 s} or {@code 40 ms}. */
  private static String duration(double seconds) {
    return seconds >= 1
        ? String.format(Locale.ROOT, "%.1f s", seconds)
        : String.format(Locale.ROOT, "%.0f ms", seconds * 1000);
  }

  /** A planner warning says itself, in the kernel's words for its code. */
  private static FindingText planNote(PlanNote note) {
    String fix = note.fix();
    return new FindingText(note.message(), fix.isEmpty() ? "see docs/planning.md section 9" : fix);
  }
}
