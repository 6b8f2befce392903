package dev.rivet.state.jdbc;

import dev.rivet.kernel.file.WrittenFile;
import dev.rivet.state.ChunkRecord;
import dev.rivet.state.ChunkStatus;
import dev.rivet.state.Lease;
import dev.rivet.state.RunRecord;
import dev.rivet.state.RunStatus;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads state records from result rows; instants are read as the dialect stores them. */
final class StateRows {
  static final String RUN_COLUMNS =
      "run_id, export_name, status, runner, created_at, started_at, finished_at, rows_written,"
          + " files_written, bytes_written, chunk_count, error_class, error_message";

  static final String CHUNK_COLUMNS =
      "run_id, chunk_index, lower_inclusive, upper_exclusive, status, attempts, rows_written,"
          + " started_at, finished_at, error_class, error_message";

  static final String FILE_COLUMNS =
      "run_id, chunk_index, file_index, path, rows_written, bytes, sha256, warnings, profile";

  static final String LEASE_COLUMNS =
      "export_name, holder, acquired_at, expires_at, token, holder_process";

  private final StoreDialect dialect;

  StateRows(StoreDialect dialect) {
    this.dialect = dialect;
  }

  RunRecord run(ResultSet rs) throws SQLException {
    return new RunRecord(
        rs.getString("run_id"),
        rs.getString("export_name"),
        RunStatus.parse(rs.getString("status")),
        rs.getString("runner"),
        dialect.instant(rs, "created_at"),
        dialect.instant(rs, "started_at"),
        dialect.instant(rs, "finished_at"),
        rs.getLong("rows_written"),
        rs.getLong("files_written"),
        rs.getLong("bytes_written"),
        rs.getInt("chunk_count"),
        rs.getString("error_class"),
        rs.getString("error_message"));
  }

  ChunkRecord chunk(ResultSet rs) throws SQLException {
    return new ChunkRecord(
        rs.getString("run_id"),
        rs.getInt("chunk_index"),
        rs.getString("lower_inclusive"),
        rs.getString("upper_exclusive"),
        ChunkStatus.parse(rs.getString("status")),
        rs.getInt("attempts"),
        rs.getLong("rows_written"),
        dialect.instant(rs, "started_at"),
        dialect.instant(rs, "finished_at"),
        rs.getString("error_class"),
        rs.getString("error_message"));
  }

  WrittenFile file(ResultSet rs) throws SQLException {
    return new WrittenFile(
        rs.getString("run_id"),
        rs.getInt("chunk_index"),
        rs.getInt("file_index"),
        rs.getString("path"),
        rs.getLong("rows_written"),
        rs.getLong("bytes"),
        rs.getString("sha256"),
        WarningsColumn.read(rs.getString("warnings"), rs.getString("path")),
        ProfileColumn.read(rs.getString("profile"), rs.getString("path")));
  }

  Lease lease(ResultSet rs) throws SQLException {
    return new Lease(
        rs.getString("export_name"),
        rs.getString("holder"),
        dialect.instant(rs, "acquired_at"),
        dialect.instant(rs, "expires_at"),
        rs.getLong("token"),
        rs.getString("holder_process"));
  }
}
