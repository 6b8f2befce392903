package dev.rivet.state.jdbc;

import static dev.rivet.state.jdbc.Statements.bind;
import static dev.rivet.state.jdbc.Statements.query;
import static dev.rivet.state.jdbc.Statements.update;

import dev.rivet.kernel.file.WrittenFile;
import dev.rivet.state.ChunkError;
import dev.rivet.state.ChunkRecord;
import dev.rivet.state.ChunkStatus;
import dev.rivet.state.StateLocation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** The {@code chunks}, {@code files} and {@code chunk_errors} tables: one chunk at a time. */
final class ChunkTable {
  private final StateLocation location;
  private final StoreDialect dialect;
  private final StateRows rows;

  ChunkTable(StateLocation location, StoreDialect dialect, StateRows rows) {
    this.location = location;
    this.dialect = dialect;
    this.rows = rows;
  }

  void started(Connection c, String runId, int chunkIndex, Instant now) throws SQLException {
    requireChunk(
        c,
        runId,
        chunkIndex,
        update(
            c,
            "UPDATE chunks SET status = ?, attempts = attempts + 1, started_at = ?,"
                + " finished_at = NULL, error_class = NULL, error_message = NULL"
                + " WHERE run_id = ? AND chunk_index = ?",
            ChunkStatus.RUNNING.wireValue(),
            dialect.instant(now),
            runId,
            chunkIndex));
  }

  /**
   * Records the chunk's files, checked by {@link WrittenFiles}; the chunk row is updated first, so
   * it is locked meanwhile.
   */
  void written(Connection c, String runId, int chunkIndex, List<WrittenFile> files, Instant now)
      throws SQLException {
    long rowCount = files.stream().mapToLong(WrittenFile::rows).sum();
    requireChunk(
        c,
        runId,
        chunkIndex,
        update(
            c,
            "UPDATE chunks SET status = ?, rows_written = ?, finished_at = ?, error_class = NULL,"
                + " error_message = NULL, claimed_by = NULL, claim_expires_at = NULL"
                + " WHERE run_id = ? AND chunk_index = ?",
            ChunkStatus.WRITTEN.wireValue(),
            rowCount,
            dialect.instant(now),
            runId,
            chunkIndex));
    // An earlier attempt may have written more files than this one.
    update(c, "DELETE FROM files WHERE run_id = ? AND chunk_index = ?", runId, chunkIndex);
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO files (run_id, chunk_index, file_index, path, rows_written, bytes,"
                + " sha256, warnings, profile) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (WrittenFile file : files) {
        bind(
            insert,
            runId,
            chunkIndex,
            file.fileIndex(),
            file.path(),
            file.rows(),
            file.bytes(),
            file.sha256(),
            WarningsColumn.write(file.warnings()),
            ProfileColumn.write(file.profile()));
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /** Fails the chunk and keeps the failure as the error of its current attempt. */
  void failed(
      Connection c, String runId, int chunkIndex, String errorClass, String message, Instant now)
      throws SQLException {
    requireChunk(
        c,
        runId,
        chunkIndex,
        update(
            c,
            "UPDATE chunks SET status = ?, finished_at = ?, error_class = ?, error_message = ?"
                + " WHERE run_id = ? AND chunk_index = ?",
            ChunkStatus.FAILED.wireValue(),
            dialect.instant(now),
            errorClass,
            message,
            runId,
            chunkIndex));
    update(
        c,
        "INSERT INTO chunk_errors"
            + " (run_id, chunk_index, attempt, error_class, error_message, failed_at)"
            + " VALUES (?, ?, (SELECT attempts FROM chunks WHERE run_id = ? AND chunk_index = ?),"
            + " ?, ?, ?) ON CONFLICT (run_id, chunk_index, attempt) DO UPDATE SET"
            + " error_class = excluded.error_class, error_message = excluded.error_message,"
            + " failed_at = excluded.failed_at",
        runId,
        chunkIndex,
        runId,
        chunkIndex,
        errorClass,
        message,
        dialect.instant(now));
  }

  List<ChunkError> errors(Connection c, String runId) throws SQLException {
    return query(
        c,
        "SELECT chunk_index, attempt, error_class, error_message, failed_at"
            + " FROM chunk_errors WHERE run_id = ? ORDER BY chunk_index, attempt",
        rs ->
            new ChunkError(
                rs.getInt(1),
                rs.getInt(2),
                rs.getString(3),
                rs.getString(4),
                dialect.instant(rs, "failed_at")),
        runId);
  }

  List<ChunkRecord> list(Connection c, String runId) throws SQLException {
    return query(
        c,
        "SELECT " + StateRows.CHUNK_COLUMNS + " FROM chunks WHERE run_id = ? ORDER BY chunk_index",
        rows::chunk,
        runId);
  }

  List<WrittenFile> files(Connection c, String runId) throws SQLException {
    return query(
        c,
        "SELECT "
            + StateRows.FILE_COLUMNS
            + " FROM files WHERE run_id = ? ORDER BY chunk_index, file_index",
        rows::file,
        runId);
  }

  private void requireChunk(Connection c, String runId, int chunkIndex, int updated)
      throws SQLException {
    if (updated > 0) {
      return;
    }
    List<Integer> count =
        query(c, "SELECT chunk_count FROM runs WHERE run_id = ?", rs -> rs.getInt(1), runId);
    if (count.isEmpty()) {
      throw StoreErrors.unknownRun(location, runId);
    }
    throw StoreErrors.noChunk(runId, chunkIndex, count.get(0));
  }
}
