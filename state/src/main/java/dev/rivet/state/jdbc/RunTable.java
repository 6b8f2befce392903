package dev.rivet.state.jdbc;

import static dev.rivet.state.jdbc.Statements.bind;
import static dev.rivet.state.jdbc.Statements.first;
import static dev.rivet.state.jdbc.Statements.query;
import static dev.rivet.state.jdbc.Statements.update;

import dev.rivet.kernel.codec.PlanCodec;
import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.state.ChunkStatus;
import dev.rivet.state.RunRecord;
import dev.rivet.state.RunStatus;
import dev.rivet.state.RunTotals;
import dev.rivet.state.StateLocation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** The {@code runs} table, and what changes a run's chunks as a whole. */
final class RunTable {
  private final StateLocation location;
  private final StoreDialect dialect;
  private final StateRows rows;
  private final CursorTable cursors;

  RunTable(StateLocation location, StoreDialect dialect, StateRows rows, CursorTable cursors) {
    this.location = location;
    this.dialect = dialect;
    this.rows = rows;
    this.cursors = cursors;
  }

  void insert(Connection c, ExportPlan plan) throws SQLException {
    int inserted =
        update(
            c,
            "INSERT INTO runs (run_id, export_name, status, plan_json, chunk_count, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (run_id) DO NOTHING",
            plan.runId(),
            plan.export().name(),
            RunStatus.PLANNED.wireValue(),
            PlanCodec.write(plan),
            plan.chunks().size(),
            dialect.instant(plan.createdAt()));
    if (inserted == 0) {
      throw StoreErrors.duplicateRun(location, plan.runId());
    }
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO chunks (run_id, chunk_index, lower_inclusive, upper_exclusive, status)"
                + " VALUES (?, ?, ?, ?, ?)")) {
      for (Chunk chunk : plan.chunks()) {
        bind(
            insert,
            plan.runId(),
            chunk.index(),
            chunk.lowerInclusive(),
            chunk.upperExclusive(),
            ChunkStatus.PLANNED.wireValue());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  Optional<ExportPlan> plan(Connection c, String runId) throws SQLException {
    return first(c, "SELECT plan_json FROM runs WHERE run_id = ?", rs -> rs.getString(1), runId)
        .map(json -> PlanCodec.read(runId, json));
  }

  void started(Connection c, String runId, String runner, Instant now) throws SQLException {
    requireRun(
        runId,
        update(
            c,
            "UPDATE runs SET status = ?, runner = ?, started_at = ?, finished_at = NULL,"
                + " error_class = NULL, error_message = NULL WHERE run_id = ?",
            RunStatus.RUNNING.wireValue(),
            runner,
            dialect.instant(now),
            runId));
  }

  /** Publishes the run's written chunks and moves its cursor mark, after locking all of them. */
  void published(Connection c, String runId, RunTotals totals, Instant now) throws SQLException {
    requireRun(
        runId,
        update(
            c,
            "UPDATE runs SET status = ?, finished_at = ?, rows_written = ?, files_written = ?,"
                + " bytes_written = ?, error_class = NULL, error_message = NULL WHERE run_id = ?",
            RunStatus.SUCCEEDED.wireValue(),
            dialect.instant(now),
            totals.rows(),
            totals.files(),
            totals.bytes(),
            runId));
    // Locking every chunk keeps a concurrent chunkStarted from unwriting one after this check.
    List<Integer> unwritten = new ArrayList<>();
    for (ChunkState chunk :
        query(
            c,
            "SELECT chunk_index, status FROM chunks WHERE run_id = ? ORDER BY chunk_index"
                + dialect.lockRows(),
            rs -> new ChunkState(rs.getInt(1), ChunkStatus.parse(rs.getString(2))),
            runId)) {
      if (chunk.status() != ChunkStatus.WRITTEN && chunk.status() != ChunkStatus.PUBLISHED) {
        unwritten.add(chunk.index());
      }
    }
    if (!unwritten.isEmpty()) {
      throw StoreErrors.unwrittenChunks(runId, unwritten);
    }
    update(
        c,
        "UPDATE chunks SET status = ? WHERE run_id = ? AND status = ?",
        ChunkStatus.PUBLISHED.wireValue(),
        runId,
        ChunkStatus.WRITTEN.wireValue());
    ExportPlan plan = plan(c, runId).orElseThrow();
    if (plan.cursor() != null) {
      cursors.advance(c, plan.export().name(), runId, plan.cursor(), now);
    }
  }

  void failed(Connection c, String runId, String errorClass, String message, Instant now)
      throws SQLException {
    // The first failure stays the run's cause: workers failing the same run at once all report the
    // kind stored first, and exit with its code.
    int changed =
        update(
            c,
            "UPDATE runs SET status = ?, finished_at = ?, error_class = ?, error_message = ?"
                + " WHERE run_id = ? AND status <> ?",
            RunStatus.FAILED.wireValue(),
            dialect.instant(now),
            errorClass,
            message,
            runId,
            RunStatus.FAILED.wireValue());
    if (changed == 0) {
      requireRun(runId, first(c, "SELECT 1 FROM runs WHERE run_id = ?", rs -> 1, runId).orElse(0));
    }
    update(
        c,
        "UPDATE chunks SET status = ?, finished_at = ?, error_class = ?, error_message = ?"
            + " WHERE run_id = ? AND status = ?",
        ChunkStatus.FAILED.wireValue(),
        dialect.instant(now),
        errorClass,
        message,
        runId,
        ChunkStatus.RUNNING.wireValue());
  }

  void abandoned(Connection c, String runId, String reason, Instant now) throws SQLException {
    requireRun(
        runId,
        first(c, "SELECT 1 FROM runs WHERE run_id = ?" + dialect.lockRows(), rs -> 1, runId)
            .orElse(0));
    int changed =
        update(
            c,
            "UPDATE runs SET status = ?, finished_at = coalesce(finished_at, ?),"
                + " error_message = ? WHERE run_id = ? AND status IN (?, ?, ?)",
            RunStatus.ABANDONED.wireValue(),
            dialect.instant(now),
            reason,
            runId,
            RunStatus.PLANNED.wireValue(),
            RunStatus.RUNNING.wireValue(),
            RunStatus.FAILED.wireValue());
    if (changed > 0) {
      update(
          c,
          "UPDATE chunks SET status = ? WHERE run_id = ? AND status <> ?",
          ChunkStatus.ABANDONED.wireValue(),
          runId,
          ChunkStatus.PUBLISHED.wireValue());
    }
  }

  /** Newest first; insertion order breaks ties between runs planned in the same microsecond. */
  List<RunRecord> list(Connection c, String exportOrNull, int limit) throws SQLException {
    String order = " ORDER BY created_at DESC, " + dialect.insertionOrder() + " DESC LIMIT ?";
    String select = "SELECT " + StateRows.RUN_COLUMNS + " FROM runs";
    return exportOrNull == null
        ? query(c, select + order, rows::run, limit)
        : query(c, select + " WHERE export_name = ?" + order, rows::run, exportOrNull, limit);
  }

  /** Newest first, as {@link #list}, of any of {@code exports} (none when it is empty). */
  List<RunRecord> listOf(Connection c, Collection<String> exports, int limit) throws SQLException {
    if (exports.isEmpty()) {
      return List.of();
    }
    List<Object> params = new ArrayList<>(exports);
    params.add(limit);
    return query(
        c,
        "SELECT "
            + StateRows.RUN_COLUMNS
            + " FROM runs WHERE export_name IN ("
            + String.join(", ", Collections.nCopies(exports.size(), "?"))
            + ") ORDER BY created_at DESC, "
            + dialect.insertionOrder()
            + " DESC LIMIT ?",
        rows::run,
        params.toArray());
  }

  Optional<RunRecord> find(Connection c, String runId) throws SQLException {
    return first(
        c, "SELECT " + StateRows.RUN_COLUMNS + " FROM runs WHERE run_id = ?", rows::run, runId);
  }

  void requireRun(String runId, int updated) {
    if (updated == 0) {
      throw StoreErrors.unknownRun(location, runId);
    }
  }

  private record ChunkState(int index, ChunkStatus status) {}
}
