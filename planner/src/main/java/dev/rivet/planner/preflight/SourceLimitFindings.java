package dev.rivet.planner.preflight;

import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.planner.tuning.ConnectionLimit;
import dev.rivet.planner.tuning.FreeConnections;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Findings about the source's limits: connections, statement time, replication lag. */
final class SourceLimitFindings {
  /** A replica further behind than this serves noticeably old data. */
  static final double LAGGING_REPLICA_SECONDS = 300;

  private SourceLimitFindings() {}

  static List<Finding> of(Evidence evidence) {
    List<Finding> findings = new ArrayList<>();
    connections(evidence, findings);
    statementTime(evidence, findings);
    replicaLag(evidence, findings);
    return findings;
  }

  private static void connections(Evidence evidence, List<Finding> findings) {
    FreeConnections free = evidence.source().connections();
    int configured = evidence.plan().export().parallelism();
    Optional<ConnectionLimit> tightest = free.tightest();
    if (tightest.isEmpty()) {
      findings.add(
          new Finding(
              FindingCode.CONNECTIONS_UNKNOWN,
              Severity.INFO,
              "free connections unknown ("
                  + free.unknownReason()
                  + "): parallelism "
                  + configured
                  + " is not checked against them",
              "let the exporting user read connection statistics (PostgreSQL: pg_read_all_stats;"
                  + " MySQL/MariaDB: PROCESS), or keep parallelism at what the source can spare"));
      return;
    }
    ConnectionLimit limit = tightest.get();
    long spare = Math.max(1, limit.free() - 1);
    if (configured > limit.allowed()) {
      findings.add(
          new Finding(
              FindingCode.PARALLELISM_ABOVE_FREE_CONNECTIONS,
              Severity.CRITICAL,
              "parallelism "
                  + configured
                  + " is above the connection limit: "
                  + limit.describe()
                  + "; the source can never serve that many chunk reads at once (this run would"
                  + " be capped at "
                  + evidence.plan().parallelism()
                  + ")",
              "set parallelism to at most " + spare + " (the free connections less one)"));
    } else if (limit.free() == 0) {
      findings.add(
          new Finding(
              FindingCode.PARALLELISM_ABOVE_FREE_CONNECTIONS,
              Severity.CRITICAL,
              "the source has no free connection: " + limit.describe(),
              "run when other clients have disconnected, or raise the limit"));
    } else if (Math.min(configured, evidence.chunks()) > spare) {
      findings.add(
          new Finding(
              FindingCode.PARALLELISM_ABOVE_FREE_CONNECTIONS,
              Severity.WARN,
              "parallelism "
                  + configured
                  + " is above the "
                  + limit.free()
                  + " free connections less one kept for other clients ("
                  + limit.describe()
                  + "): this run is capped at "
                  + evidence.plan().parallelism(),
              "set parallelism to " + spare));
    }
  }

  private static void statementTime(Evidence evidence, List<Finding> findings) {
    TimeLimit limit = evidence.source().timeLimit();
    if (!limit.limited()) {
      return;
    }
    ExportSpec export = evidence.plan().export();
    long tableRows = evidence.source().estimatedRows();
    ChunkTime worst = null;
    String which = null;
    long rowsPerChunk = evidence.rowsPerChunk();
    boolean anyScan = false;
    for (ChunkExplain explain : evidence.explains()) {
      long rows = explain.estimatedRows() >= 0 ? explain.estimatedRows() : rowsPerChunk;
      boolean scan = explain.fullScan() && evidence.bounded(explain.chunk());
      anyScan |= scan;
      if (rows < 0) {
        continue;
      }
      ChunkTime time =
          ChunkTime.estimate(limit.perFetch(), export.fetchSize(), rows, scan, tableRows);
      if (worst == null || time.seconds() > worst.seconds()) {
        worst = time;
        which = "chunk " + explain.chunk();
      }
    }
    if (rowsPerChunk >= 0) {
      ChunkTime average =
          ChunkTime.estimate(
              limit.perFetch(), export.fetchSize(), rowsPerChunk, anyScan, tableRows);
      if (worst == null || average.seconds() > worst.seconds()) {
        worst = average;
        which = "a chunk of about " + rowsPerChunk + " rows";
      }
    }
    if (worst == null) {
      return;
    }
    double limitSeconds = limit.millis() / 1000.0;
    Severity severity;
    if (worst.seconds() >= limitSeconds) {
      severity = Severity.CRITICAL;
    } else if (worst.seconds() >= limitSeconds / 2) {
      severity = Severity.WARN;
    } else {
      return;
    }
    findings.add(
        new Finding(
            FindingCode.CHUNK_EXCEEDS_STATEMENT_TIMEOUT,
            severity,
            which
                + " is estimated to run "
                + worst.describe()
                + (limit.perFetch() ? " per fetch" : "")
                + " ("
                + worst.basis()
                + "), "
                + (severity == Severity.CRITICAL ? "beyond" : "more than half of")
                + " "
                + limit.setting()
                + " = "
                + limit.millis()
                + " ms: the source cancels a statement that runs longer",
            timeFix(evidence, limit, anyScan)));
  }

  private static String timeFix(Evidence evidence, TimeLimit limit, boolean scan) {
    long budgetRows =
        Math.max(1, (long) (limit.millis() / 1000.0 / 2 * ChunkTime.DELIVERED_ROWS_PER_SECOND));
    String raise = "or raise " + limit.setting() + " for the exporting user";
    KeyIndex key = evidence.keyIndex();
    if (scan && key != null && !key.indexed()) {
      return "needs index: " + key.createIndex() + ", " + raise;
    }
    if (scan) {
      return "make chunks read an index range (see seq_scan_per_chunk), " + raise;
    }
    return String.format(
        Locale.ROOT,
        "lower %s to about %d (half the limit at %d rows/s), %s",
        limit.perFetch() ? "fetch_size" : "chunk_rows",
        budgetRows,
        ChunkTime.DELIVERED_ROWS_PER_SECOND,
        raise);
  }

  private static void replicaLag(Evidence evidence, List<Finding> findings) {
    Double lag = evidence.source().replicaLagSeconds();
    if (lag != null && lag > LAGGING_REPLICA_SECONDS) {
      findings.add(
          new Finding(
              FindingCode.REPLICA_LAG,
              Severity.WARN,
              String.format(
                  Locale.ROOT,
                  "the source is a replica %.0f s behind its primary: the export reads data that"
                      + " old",
                  lag),
              "wait for the replica to catch up, or read from the primary if freshness matters"));
    }
  }
}
