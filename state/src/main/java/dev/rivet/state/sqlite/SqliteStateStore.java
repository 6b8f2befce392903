package dev.rivet.state.sqlite;

import static dev.rivet.state.sqlite.StateConnection.bind;
import static dev.rivet.state.sqlite.StateConnection.query;
import static dev.rivet.state.sqlite.StateConnection.update;

import dev.rivet.planner.failure.RivetException;
import dev.rivet.planner.model.Chunk;
import dev.rivet.planner.model.ExportPlan;
import dev.rivet.state.ChunkError;
import dev.rivet.state.ChunkRecord;
import dev.rivet.state.ChunkStatus;
import dev.rivet.state.CursorMark;
import dev.rivet.state.FileRecord;
import dev.rivet.state.RunRecord;
import dev.rivet.state.RunStatus;
import dev.rivet.state.RunTotals;
import dev.rivet.state.StateLocation;
import dev.rivet.state.StateStore;
import dev.rivet.state.json.PlanJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.sqlite.SQLiteDataSource;

/**
 * A {@link StateStore} in one SQLite file. Each instance holds one connection and is thread-safe;
 * instances in any number of threads or processes may share the file, because every change is one
 * {@code BEGIN IMMEDIATE} transaction that waits up to 30 s for the write lock.
 */
public final class SqliteStateStore implements StateStore {
  private final StateLocation location;
  private final StateConnection db;
  private final Clock clock = Clock.systemUTC();

  private SqliteStateStore(StateLocation location, Connection connection) {
    this.location = location;
    this.db = new StateConnection(location, connection);
  }

  /** Opens (creating and migrating when needed) the SQLite store at {@code location}. */
  public static StateStore open(StateLocation location) {
    SQLiteDataSource dataSource = SqliteFile.dataSource(location);
    Connection connection;
    try {
      connection = dataSource.getConnection();
    } catch (SQLException e) {
      throw StateErrors.sql(location, "opening", e);
    }
    try {
      SqliteSchema.ensureCurrent(location, dataSource, connection);
      return new SqliteStateStore(location, connection);
    } catch (SQLException e) {
      RivetException failure = StateErrors.sql(location, "checking the schema", e);
      closeAfterFailure(connection, failure);
      throw failure;
    } catch (RuntimeException e) {
      closeAfterFailure(connection, e);
      throw e;
    }
  }

  @Override
  public void savePlan(ExportPlan plan) {
    String json = PlanJson.write(plan);
    db.write(
        "saving the plan of run " + plan.runId(),
        c -> {
          if (runExists(c, plan.runId())) {
            throw StateErrors.duplicateRun(location, plan.runId());
          }
          update(
              c,
              "INSERT INTO runs (run_id, export_name, status, plan_json, chunk_count, created_at)"
                  + " VALUES (?, ?, ?, ?, ?, ?)",
              plan.runId(),
              plan.export().name(),
              RunStatus.PLANNED.wireValue(),
              json,
              plan.chunks().size(),
              SqliteRows.text(plan.createdAt()));
          try (PreparedStatement insert =
              c.prepareStatement(
                  "INSERT INTO chunks (run_id, chunk_index, lower_inclusive, upper_exclusive,"
                      + " status) VALUES (?, ?, ?, ?, ?)")) {
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
        });
  }

  @Override
  public Optional<ExportPlan> findPlan(String runId) {
    Optional<String> json =
        db
            .read(
                "reading the plan of run " + runId,
                c ->
                    query(
                        c,
                        "SELECT plan_json FROM runs WHERE run_id = ?",
                        rs -> rs.getString(1),
                        runId))
            .stream()
            .findFirst();
    return json.map(j -> PlanJson.read(runId, j));
  }

  @Override
  public void runStarted(String runId, String runner) {
    db.write(
        "starting run " + runId,
        c ->
            requireRun(
                runId,
                update(
                    c,
                    "UPDATE runs SET status = ?, runner = ?, started_at = ?, finished_at = NULL,"
                        + " error_class = NULL, error_message = NULL WHERE run_id = ?",
                    RunStatus.RUNNING.wireValue(),
                    runner,
                    now(),
                    runId)));
  }

  @Override
  public void chunkStarted(String runId, int chunkIndex) {
    db.write(
        "starting chunk " + chunkIndex + " of run " + runId,
        c ->
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
                    now(),
                    runId,
                    chunkIndex)));
  }

  @Override
  public void chunkWritten(String runId, int chunkIndex, List<FileRecord> files) {
    checkFilesOfChunk(runId, chunkIndex, files);
    long rows = files.stream().mapToLong(FileRecord::rows).sum();
    db.write(
        "recording the files of chunk " + chunkIndex + " of run " + runId,
        c -> {
          requireChunk(
              c,
              runId,
              chunkIndex,
              update(
                  c,
                  "UPDATE chunks SET status = ?, rows_written = ?, finished_at = ?,"
                      + " error_class = NULL, error_message = NULL"
                      + " WHERE run_id = ? AND chunk_index = ?",
                  ChunkStatus.WRITTEN.wireValue(),
                  rows,
                  now(),
                  runId,
                  chunkIndex));
          // An earlier attempt may have written more files than this one.
          update(c, "DELETE FROM files WHERE run_id = ? AND chunk_index = ?", runId, chunkIndex);
          try (PreparedStatement insert =
              c.prepareStatement(
                  "INSERT INTO files (run_id, chunk_index, file_index, path, rows_written, bytes,"
                      + " sha256) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (FileRecord file : files) {
              bind(
                  insert,
                  runId,
                  chunkIndex,
                  file.fileIndex(),
                  file.path(),
                  file.rows(),
                  file.bytes(),
                  file.sha256());
              insert.addBatch();
            }
            insert.executeBatch();
          }
        });
  }

  private static void checkFilesOfChunk(String runId, int chunkIndex, List<FileRecord> files) {
    if (files.isEmpty()) {
      throw new IllegalArgumentException(
          "run " + runId + " chunk " + chunkIndex + ": a written chunk has at least one file");
    }
    for (int i = 0; i < files.size(); i++) {
      FileRecord file = files.get(i);
      if (!file.runId().equals(runId) || file.chunkIndex() != chunkIndex) {
        throw new IllegalArgumentException(
            "file "
                + file.path()
                + " belongs to run "
                + file.runId()
                + " chunk "
                + file.chunkIndex()
                + ", not run "
                + runId
                + " chunk "
                + chunkIndex);
      }
      if (file.fileIndex() != i) {
        throw new IllegalArgumentException(
            "run "
                + runId
                + " chunk "
                + chunkIndex
                + ": file "
                + file.path()
                + " has file index "
                + file.fileIndex()
                + " but is file "
                + i
                + " of the chunk; files are numbered 0, 1, … in order");
      }
    }
  }

  @Override
  public void chunkFailed(String runId, int chunkIndex, String errorClass, String message) {
    db.write(
        "failing chunk " + chunkIndex + " of run " + runId,
        c -> {
          String now = now();
          requireChunk(
              c,
              runId,
              chunkIndex,
              update(
                  c,
                  "UPDATE chunks SET status = ?, finished_at = ?, error_class = ?,"
                      + " error_message = ? WHERE run_id = ? AND chunk_index = ?",
                  ChunkStatus.FAILED.wireValue(),
                  now,
                  errorClass,
                  message,
                  runId,
                  chunkIndex));
          update(
              c,
              "INSERT OR REPLACE INTO chunk_errors"
                  + " (run_id, chunk_index, attempt, error_class, error_message, failed_at)"
                  + " SELECT run_id, chunk_index, attempts, ?, ?, ? FROM chunks"
                  + " WHERE run_id = ? AND chunk_index = ?",
              errorClass,
              message,
              now,
              runId,
              chunkIndex);
        });
  }

  @Override
  public void runAbandoned(String runId, String reason) {
    db.write(
        "abandoning run " + runId,
        c -> {
          requireRun(runId, runExists(c, runId) ? 1 : 0);
          int changed =
              update(
                  c,
                  "UPDATE runs SET status = ?, finished_at = coalesce(finished_at, ?),"
                      + " error_message = ? WHERE run_id = ? AND status IN (?, ?, ?)",
                  RunStatus.ABANDONED.wireValue(),
                  now(),
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
        });
  }

  @Override
  public List<ChunkError> chunkErrors(String runId) {
    return db.read(
        "reading the chunk errors of run " + runId,
        c ->
            query(
                c,
                "SELECT chunk_index, attempt, error_class, error_message, failed_at"
                    + " FROM chunk_errors WHERE run_id = ? ORDER BY chunk_index, attempt",
                rs ->
                    new ChunkError(
                        rs.getInt(1),
                        rs.getInt(2),
                        rs.getString(3),
                        rs.getString(4),
                        SqliteRows.instant(rs.getString(5))),
                runId));
  }

  @Override
  public void runPublished(String runId, RunTotals totals) {
    db.write(
        "publishing run " + runId,
        c -> {
          requireRun(
              runId,
              update(
                  c,
                  "UPDATE runs SET status = ?, finished_at = ?, rows_written = ?,"
                      + " files_written = ?, bytes_written = ?, error_class = NULL,"
                      + " error_message = NULL WHERE run_id = ?",
                  RunStatus.SUCCEEDED.wireValue(),
                  now(),
                  totals.rows(),
                  totals.files(),
                  totals.bytes(),
                  runId));
          List<Integer> unwritten =
              query(
                  c,
                  "SELECT chunk_index FROM chunks WHERE run_id = ? AND status NOT IN (?, ?)"
                      + " ORDER BY chunk_index",
                  rs -> rs.getInt(1),
                  runId,
                  ChunkStatus.WRITTEN.wireValue(),
                  ChunkStatus.PUBLISHED.wireValue());
          if (!unwritten.isEmpty()) {
            throw StateErrors.unwrittenChunks(runId, unwritten);
          }
          update(
              c,
              "UPDATE chunks SET status = ? WHERE run_id = ? AND status = ?",
              ChunkStatus.PUBLISHED.wireValue(),
              runId,
              ChunkStatus.WRITTEN.wireValue());
          ExportPlan plan =
              PlanJson.read(
                  runId,
                  query(
                          c,
                          "SELECT plan_json FROM runs WHERE run_id = ?",
                          rs -> rs.getString(1),
                          runId)
                      .get(0));
          if (plan.cursor() != null) {
            SqliteCursors.advance(c, plan.export().name(), runId, plan.cursor(), now());
          }
        });
  }

  @Override
  public Optional<CursorMark> cursorMark(String export) {
    return db
        .read("reading the cursor of export " + export, c -> SqliteCursors.find(c, export))
        .stream()
        .findFirst();
  }

  @Override
  public List<CursorMark> cursorMarks() {
    return db.read("reading the cursors", c -> SqliteCursors.find(c, null));
  }

  @Override
  public boolean resetCursor(String export) {
    boolean[] deleted = new boolean[1];
    db.write(
        "resetting the cursor of export " + export,
        c -> deleted[0] = SqliteCursors.delete(c, export));
    return deleted[0];
  }

  @Override
  public void runFailed(String runId, String errorClass, String message) {
    db.write(
        "failing run " + runId,
        c -> {
          String now = now();
          requireRun(
              runId,
              update(
                  c,
                  "UPDATE runs SET status = ?, finished_at = ?, error_class = ?, error_message = ?"
                      + " WHERE run_id = ?",
                  RunStatus.FAILED.wireValue(),
                  now,
                  errorClass,
                  message,
                  runId));
          update(
              c,
              "UPDATE chunks SET status = ?, finished_at = ?, error_class = ?, error_message = ?"
                  + " WHERE run_id = ? AND status = ?",
              ChunkStatus.FAILED.wireValue(),
              now,
              errorClass,
              message,
              runId,
              ChunkStatus.RUNNING.wireValue());
        });
  }

  @Override
  public List<RunRecord> runs(String exportOrNull, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    }
    // rowid breaks ties between runs planned in the same microsecond: later insert, newer run.
    return db.read(
        "listing runs",
        c ->
            query(
                c,
                "SELECT "
                    + SqliteRows.RUN_COLUMNS
                    + " FROM runs WHERE (? IS NULL OR export_name = ?)"
                    + " ORDER BY created_at DESC, rowid DESC LIMIT ?",
                SqliteRows::run,
                exportOrNull,
                exportOrNull,
                limit));
  }

  @Override
  public Optional<RunRecord> run(String runId) {
    return db
        .read(
            "reading run " + runId,
            c ->
                query(
                    c,
                    "SELECT " + SqliteRows.RUN_COLUMNS + " FROM runs WHERE run_id = ?",
                    SqliteRows::run,
                    runId))
        .stream()
        .findFirst();
  }

  @Override
  public List<ChunkRecord> chunks(String runId) {
    return db.read(
        "reading the chunks of run " + runId,
        c ->
            query(
                c,
                "SELECT "
                    + SqliteRows.CHUNK_COLUMNS
                    + " FROM chunks WHERE run_id = ?"
                    + " ORDER BY chunk_index",
                SqliteRows::chunk,
                runId));
  }

  @Override
  public List<FileRecord> files(String runId) {
    return db.read(
        "reading the files of run " + runId,
        c ->
            query(
                c,
                "SELECT "
                    + SqliteRows.FILE_COLUMNS
                    + " FROM files WHERE run_id = ?"
                    + " ORDER BY chunk_index, file_index",
                SqliteRows::file,
                runId));
  }

  @Override
  public void close() {
    db.close();
  }

  @Override
  public String toString() {
    return "SqliteStateStore[" + location.redacted() + "]";
  }

  private void requireRun(String runId, int updated) {
    if (updated == 0) {
      throw StateErrors.unknownRun(location, runId);
    }
  }

  private void requireChunk(Connection c, String runId, int chunkIndex, int updated)
      throws SQLException {
    if (updated > 0) {
      return;
    }
    List<Integer> count =
        query(c, "SELECT chunk_count FROM runs WHERE run_id = ?", rs -> rs.getInt(1), runId);
    if (count.isEmpty()) {
      throw StateErrors.unknownRun(location, runId);
    }
    throw StateErrors.noChunk(runId, chunkIndex, count.get(0));
  }

  private static boolean runExists(Connection c, String runId) throws SQLException {
    return !query(c, "SELECT 1 FROM runs WHERE run_id = ?", rs -> rs.getInt(1), runId).isEmpty();
  }

  private static void closeAfterFailure(Connection connection, Exception failure) {
    try {
      connection.close();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

  private String now() {
    return SqliteRows.text(clock.instant());
  }
}
