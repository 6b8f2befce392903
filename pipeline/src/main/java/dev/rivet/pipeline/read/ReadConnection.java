package dev.rivet.pipeline.read;

import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.planner.connect.SourceConnector;
import dev.rivet.planner.dialect.Dialect;
import dev.rivet.planner.failure.SqlErrors;
import java.sql.Connection;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reader's source connection, kept from one chunk to the next: each chunk still reads in a
 * transaction of its own (a snapshot per chunk, or the run's imported snapshot), but on the same
 * server session, so the source does not start a new backend for every chunk (measured on
 * PostgreSQL at 10M rows: 20 chunks in 20 fresh sessions cost the server about twice the CPU of the
 * same 20 in one session, docs/benchmarks.md). A chunk that fails drops the connection (it is
 * aborted), and the next chunk opens a new one. A kept connection the server closed while it was
 * idle between two chunks (an idle timeout, {@code pg_terminate_backend}, MariaDB's {@code KILL}, a
 * restart) is found dead by the next chunk's first statement, before it read anything: it is
 * replaced by a new connection once, and the chunk begins again on it without counting as a failed
 * attempt (see {@link #begin}). Not thread-safe: one per reader thread; closing it closes the kept
 * connection.
 */
public final class ReadConnection implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReadConnection.class);

  private final SourceConnection source;
  private Connection kept;

  private ReadConnection(SourceConnection source) {
    this.source = source;
  }

  /** A reader's connection to {@code source}, opened by its first chunk. */
  public static ReadConnection to(SourceConnection source) {
    return new ReadConnection(source);
  }

  /** The kept connection, or a new one; the caller owns it until it {@link #keep}s it again. */
  Connection take() {
    Connection connection = kept;
    kept = null;
    return connection != null ? connection : SourceConnector.openForChunks(source);
  }

  /**
   * A connection with a chunk's read session begun on it ({@link Dialect#prepareReadSession}): the
   * kept one, or a new one when none is kept. The caller owns it until it {@link #keep}s it again;
   * when this throws, no connection is left to close.
   *
   * <p>A kept connection whose session cannot begin because the connection is {@linkplain
   * SqlErrors#isConnectionLost lost} was closed by the server since its last chunk, while it was
   * idle: nothing of the chunk was read on it, so it is dropped and the session begun on a new
   * connection, logged once it has begun. A failure of the new one is the chunk's failure, as is
   * any other failure: a chunk reconnects at most once, and only before its first statement
   * succeeded. (A check before each reuse, {@code Connection.isValid}, would cost a round trip per
   * chunk and still miss a connection closed between the check and the statement.)
   *
   * @param doing what the chunk is, for the log line
   */
  Connection begin(Dialect dialect, String doing) throws SQLException {
    Connection connection = kept;
    kept = null;
    if (connection == null) {
      return begin(dialect, SourceConnector.openForChunks(source));
    }
    SQLException lost;
    try {
      dialect.prepareReadSession(connection);
      return connection;
    } catch (SQLException | RuntimeException e) {
      drop(connection, e);
      if (!(e instanceof SQLException sql) || !SqlErrors.isConnectionLost(sql)) {
        throw e;
      }
      lost = sql;
    }
    Connection reopened;
    try {
      reopened = begin(dialect, SourceConnector.openForChunks(source));
    } catch (SQLException | RuntimeException e) {
      e.addSuppressed(lost);
      throw e;
    }
    LOG.warn(
        "{}: the source connection of reader {} was closed by the server since its last chunk"
            + " ({}); reconnected, and the chunk is read on the new connection without counting as"
            + " a retry",
        doing,
        Thread.currentThread().getName(),
        firstLine(lost.getMessage()));
    return reopened;
  }

  /**
   * {@code connection}, a new one, with a chunk's read session begun on it; dropped when that
   * fails.
   */
  static Connection begin(Dialect dialect, Connection connection) throws SQLException {
    try {
      dialect.prepareReadSession(connection);
      return connection;
    } catch (SQLException | RuntimeException e) {
      drop(connection, e);
      throw e;
    }
  }

  /** Keeps {@code connection}, whose chunk ended with its transaction rolled back, for the next. */
  void keep(Connection connection) {
    kept = connection;
  }

  /**
   * Drops {@code connection} after {@code failure}: aborted, not closed politely (closing a
   * half-read streaming result makes the driver drain the rest of it first; aborting ends the
   * server's work at once), then closed; what fails on the way is added to {@code failure}.
   */
  static void drop(Connection connection, Exception failure) {
    try {
      connection.abort(Runnable::run);
    } catch (SQLException | RuntimeException abortFailure) {
      failure.addSuppressed(abortFailure);
    }
    try {
      connection.close();
    } catch (SQLException | RuntimeException closeFailure) {
      failure.addSuppressed(closeFailure);
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "no message";
    }
    int nl = message.indexOf('\n');
    return (nl < 0 ? message : message.substring(0, nl)).strip();
  }

  @Override
  public void close() {
    if (kept == null) {
      return;
    }
    try {
      kept.close();
    } catch (SQLException e) {
      // Every chunk read on it is complete; a close that fails loses nothing.
      LOG.debug("closing a reader's source connection failed: {}", e.getMessage());
    } finally {
      kept = null;
    }
  }
}
