package dev.rivet.pipeline.read;

import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.planner.connect.SourceConnector;
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
 * aborted), and the next chunk opens a new one. Not thread-safe: one per reader thread; closing it
 * closes the kept connection.
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

  /** Keeps {@code connection}, whose chunk ended with its transaction rolled back, for the next. */
  void keep(Connection connection) {
    kept = connection;
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
