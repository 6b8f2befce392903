package dev.rivet.state.sqlite;

import dev.rivet.state.ChunkRecord;
import dev.rivet.state.ChunkStatus;
import dev.rivet.state.FileRecord;
import dev.rivet.state.RunRecord;
import dev.rivet.state.RunStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoUnit;

/** Reads state records from result rows, and writes instants as sortable text. */
final class SqliteRows {
  static final String RUN_COLUMNS =
      "run_id, export_name, status, runner, created_at, started_at, finished_at, rows_written,"
          + " files_written, bytes_written, chunk_count, error_class, error_message";

  static final String CHUNK_COLUMNS =
      "run_id, chunk_index, lower_inclusive, upper_exclusive, status, attempts, rows_written,"
          + " started_at, finished_at, error_class, error_message";

  static final String FILE_COLUMNS =
      "run_id, chunk_index, file_index, path, rows_written, bytes, sha256";

  // Fixed width (always six fraction digits) so that text order is time order.
  private static final DateTimeFormatter INSTANT_TEXT =
      new DateTimeFormatterBuilder().appendInstant(6).toFormatter();

  private SqliteRows() {}

  static RunRecord run(ResultSet rs) throws SQLException {
    return new RunRecord(
        rs.getString("run_id"),
        rs.getString("export_name"),
        RunStatus.parse(rs.getString("status")),
        rs.getString("runner"),
        instant(rs.getString("created_at")),
        instant(rs.getString("started_at")),
        instant(rs.getString("finished_at")),
        rs.getLong("rows_written"),
        rs.getLong("files_written"),
        rs.getLong("bytes_written"),
        rs.getInt("chunk_count"),
        rs.getString("error_class"),
        rs.getString("error_message"));
  }

  static ChunkRecord chunk(ResultSet rs) throws SQLException {
    return new ChunkRecord(
        rs.getString("run_id"),
        rs.getInt("chunk_index"),
        rs.getString("lower_inclusive"),
        rs.getString("upper_exclusive"),
        ChunkStatus.parse(rs.getString("status")),
        rs.getInt("attempts"),
        rs.getLong("rows_written"),
        instant(rs.getString("started_at")),
        instant(rs.getString("finished_at")),
        rs.getString("error_class"),
        rs.getString("error_message"));
  }

  static FileRecord file(ResultSet rs) throws SQLException {
    return new FileRecord(
        rs.getString("run_id"),
        rs.getInt("chunk_index"),
        rs.getInt("file_index"),
        rs.getString("path"),
        rs.getLong("rows_written"),
        rs.getLong("bytes"),
        rs.getString("sha256"));
  }

  /** The instant to the microsecond, as UTC text, e.g. {@code 2025-01-31T12:00:00.000000Z}. */
  static String text(Instant instant) {
    return INSTANT_TEXT.format(instant.truncatedTo(ChronoUnit.MICROS));
  }

  static Instant instant(String text) {
    return text == null ? null : Instant.parse(text);
  }
}
