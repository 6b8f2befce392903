package dev.rivet.pipeline.read;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.MemoryBudget;
import dev.rivet.kernel.plan.ReadProtocol;
import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.pipeline.types.BinaryRead;
import dev.rivet.pipeline.types.JdbcRow;
import dev.rivet.pipeline.types.SourceTypes;
import dev.rivet.planner.connect.SourceConnector;
import dev.rivet.planner.dialect.Dialect;
import dev.rivet.planner.failure.SqlErrors;
import dev.rivet.planner.sql.ChunkQueries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams the rows of one chunk from the source: one connection, one read-only snapshot
 * transaction, one statement (or one per sub-range, in key order), rows fetched a bounded number at
 * a time ({@code fetch_size}, fewer for rows wide enough to exceed the memory budget: see {@link
 * FetchBudget}) so memory stays flat. Running out of heap while reading is a {@code MEMORY}
 * failure, never retried.
 */
public final class ChunkReader {
  private static final Logger LOG = LoggerFactory.getLogger(ChunkReader.class);

  private ChunkReader() {}

  /** Reads every row of the chunk into {@code consumer}; returns the number of rows read. */
  public static long read(
      SourceConnection source, ExportPlan plan, Chunk chunk, RowConsumer consumer) {
    return read(source, plan, chunk, List.of(chunk), consumer);
  }

  /**
   * As {@link #read(SourceConnection, ExportPlan, Chunk, List, RowConsumer)}, each range through
   * the protocol {@link #protocolFor} chooses: the source's binary read (PostgreSQL: binary COPY of
   * the same SELECT, its boundaries as literals, after the same schema check) or the JDBC result
   * set. A range whose boundaries cannot be literals is read through JDBC. Both give every column
   * the same values.
   *
   * @throws RivetException USER_CONFIG when {@code protocol} is {@link ReadProtocol#COPY} and the
   *     source cannot read a column through it
   */
  public static long read(
      SourceConnection source,
      ExportPlan plan,
      Chunk chunk,
      List<Chunk> ranges,
      ReadProtocol protocol,
      BinaryRead.Consumer consumer) {
    return read(source, plan, chunk, ranges, protocol, null, consumer);
  }

  /**
   * As {@link #read(SourceConnection, ExportPlan, Chunk, List, ReadProtocol, BinaryRead.Consumer)},
   * in the run's shared {@code snapshot} when it is not null ({@code consistency: snapshot}): the
   * chunk's transaction imports it before it reads anything, so every chunk, and every retry of
   * one, reads the same point in time.
   *
   * @throws RivetException SOURCE_PERMANENT when the snapshot cannot be imported any more (its
   *     coordinating transaction ended)
   */
  public static long read(
      SourceConnection source,
      ExportPlan plan,
      Chunk chunk,
      List<Chunk> ranges,
      ReadProtocol protocol,
      RunSnapshot snapshot,
      BinaryRead.Consumer consumer) {
    return read(source, plan, chunk, ranges, protocol, snapshot, null, consumer);
  }

  /**
   * As {@link #read(SourceConnection, ExportPlan, Chunk, List, ReadProtocol, RunSnapshot,
   * BinaryRead.Consumer)}, on the connection {@code connections} keeps from the reader's previous
   * chunk (a new one when it keeps none, or when {@code connections} is null: then the chunk's
   * connection is closed when it ends). A kept connection the server closed since the previous
   * chunk is replaced before the chunk reads anything (see {@link ReadConnection#begin}).
   */
  public static long read(
      SourceConnection source,
      ExportPlan plan,
      Chunk chunk,
      List<Chunk> ranges,
      ReadProtocol protocol,
      RunSnapshot snapshot,
      ReadConnection connections,
      BinaryRead.Consumer consumer) {
    // Binary COPY goes through Rivet's own pgjdbc classes, which a source.driver's connection
    // (another class loader) does not implement: such a source is read through JDBC.
    if (source.driver() != null || ReadProtocols.protocolFor(plan, protocol) == ReadProtocol.JDBC) {
      return read(
          source,
          plan,
          chunk,
          ranges,
          snapshot,
          connections,
          (connection, dialect, range, doing) ->
              readRows(
                  connection, dialect, plan, range, rs -> consumer.accept(new JdbcRow(rs)), doing));
    }
    BinaryRead copy = SourceTypes.of(plan.source()).binaryRead();
    return read(
        source,
        plan,
        chunk,
        ranges,
        snapshot,
        connections,
        (connection, dialect, range, doing) ->
            copyRows(connection, dialect, plan, range, copy, consumer, doing));
  }

  /** Reads one range; returns its rows. */
  @FunctionalInterface
  private interface RangeRead {
    long read(Connection connection, Dialect dialect, Chunk range, String doing)
        throws SQLException, IOException;
  }

  /**
   * Reads every row of the chunk into {@code consumer} as one statement per range of {@code
   * ranges}, in their order, all in the one snapshot a single statement would have read; returns
   * the number of rows read. The ranges must be consecutive half-open sub-ranges that together
   * cover the chunk's range exactly (as {@link dev.rivet.planner.split.SubRanges} makes them), so
   * each row is read once.
   */
  public static long read(
      SourceConnection source,
      ExportPlan plan,
      Chunk chunk,
      List<Chunk> ranges,
      RowConsumer consumer) {
    return read(
        source,
        plan,
        chunk,
        ranges,
        null,
        null,
        (connection, dialect, range, doing) ->
            readRows(connection, dialect, plan, range, consumer, doing));
  }

  private static long read(
      SourceConnection source,
      ExportPlan plan,
      Chunk chunk,
      List<Chunk> ranges,
      RunSnapshot snapshot,
      ReadConnection connections,
      RangeRead reader) {
    Dialect dialect = Dialect.of(plan.source());
    String doing = describe(plan, chunk, ranges, 0);
    Connection connection = null;
    try {
      try {
        connection =
            connections == null
                ? ReadConnection.begin(dialect, SourceConnector.openForChunks(source))
                : connections.begin(dialect, doing);
        if (snapshot != null) {
          importSnapshot(dialect, connection, snapshot, doing);
        }
        long rows = 0;
        for (int i = 0; i < ranges.size(); i++) {
          Chunk range = ranges.get(i);
          doing = describe(plan, chunk, ranges, i);
          rows += reader.read(connection, dialect, range, doing);
        }
        connection.rollback();
        if (connections != null) {
          connections.keep(connection);
          connection = null;
        }
        return rows;
      } catch (SQLException | IOException | RuntimeException e) {
        if (connection != null) {
          ReadConnection.drop(connection, e);
          connection = null;
        }
        throw e;
      } finally {
        if (connection != null) {
          connection.close();
        }
      }
    } catch (SQLException e) {
      throw SqlErrors.translate(e, doing);
    } catch (IOException e) {
      throw new UncheckedIOException(doing + ": " + e.getMessage(), e);
    }
  }

  private static void importSnapshot(
      Dialect dialect, Connection connection, RunSnapshot snapshot, String doing) {
    try {
      dialect.importSnapshot(connection, snapshot.id());
    } catch (SQLException e) {
      throw SnapshotCoordinator.lost(snapshot, doing, e);
    }
  }

  /**
   * e.g. {@code export 'orders' chunk 3 [100, 200) of table public.orders}, and when the chunk is
   * read in sub-ranges {@code ..., sub-range 1 of 4 [100, 125)}.
   */
  private static String describe(ExportPlan plan, Chunk chunk, List<Chunk> ranges, int i) {
    String text =
        "export '"
            + plan.export().name()
            + "' chunk "
            + chunk.index()
            + " "
            + chunk.describeRange()
            + " of "
            + plan.export().relation().describe();
    if (ranges.size() == 1) {
      return text;
    }
    return text
        + ", sub-range "
        + (i + 1)
        + " of "
        + ranges.size()
        + " "
        + ranges.get(i).describeRange();
  }

  private static long readRows(
      Connection connection,
      Dialect dialect,
      ExportPlan plan,
      Chunk range,
      RowConsumer consumer,
      String doing)
      throws SQLException, IOException {
    long rows = 0;
    FetchBudget budget = FetchBudget.of(plan, Runtime.getRuntime().maxMemory());
    try (PreparedStatement statement =
        connection.prepareStatement(ChunkQueries.selectSql(dialect, plan, range))) {
      dialect.configureStatement(statement, budget.fetchSize());
      LOG.debug("{}: {}", doing, budget.describe());
      ChunkQueries.bind(statement, plan, range);
      try (ResultSet rs = statement.executeQuery()) {
        PlannedColumns.check(plan, dialect, rs.getMetaData(), doing);
        while (rs.next()) {
          budget.observe(rs, doing);
          consumer.accept(rs);
          rows++;
        }
      }
    } catch (OutOfMemoryError e) {
      // What the failed allocation would have held is garbage now; the same read runs out again.
      throw outOfMemory(plan, "fetching " + budget.fetchSize() + " rows at a time", doing, e);
    }
    return rows;
  }

  /**
   * One range through the source's binary read: the planned SELECT is described (not run) with its
   * bound boundaries to check the columns, then run with the boundaries as literals.
   */
  private static long copyRows(
      Connection connection,
      Dialect dialect,
      ExportPlan plan,
      Chunk range,
      BinaryRead copy,
      BinaryRead.Consumer consumer,
      String doing)
      throws SQLException, IOException {
    if (!ChunkQueries.literalsPossible(plan, range)) {
      LOG.debug(
          "{}: read through JDBC (a keyset bound, or a boundary outside the years 1 to 9999)",
          doing);
      return readRows(
          connection, dialect, plan, range, rs -> consumer.accept(new JdbcRow(rs)), doing);
    }
    try (PreparedStatement statement =
        connection.prepareStatement(ChunkQueries.selectSql(dialect, plan, range))) {
      ChunkQueries.bind(statement, plan, range);
      PlannedColumns.check(plan, dialect, statement.getMetaData(), doing);
    }
    LOG.debug("{}: read through binary COPY", doing);
    FetchBudget budget = FetchBudget.of(plan, Runtime.getRuntime().maxMemory());
    try {
      return copy.read(
          connection,
          ChunkQueries.selectSqlWithLiterals(dialect, plan, range),
          plan.columns().size(),
          row -> {
            budget.observe(row, doing);
            consumer.accept(row);
          });
    } catch (OutOfMemoryError e) {
      throw outOfMemory(plan, "reading one row at a time through binary COPY", doing, e);
    }
  }

  private static RivetException outOfMemory(
      ExportPlan plan, String reading, String doing, OutOfMemoryError e) {
    MemoryBudget memory = plan.budget(Runtime.getRuntime().maxMemory());
    RivetException failure =
        new RivetException(
            FailureKind.MEMORY,
            doing
                + ": the JVM ran out of heap while reading ("
                + e.getMessage()
                + "; max heap "
                + Runtime.getRuntime().maxMemory() / (1024 * 1024)
                + " MiB, "
                + plan.parallelism()
                + " reader(s) with a budget of "
                + memory.budgetBytes() / (1024 * 1024)
                + " MiB each, "
                + reading
                + ")",
            SqlErrors.outOfMemoryHint(),
            e);
    return failure;
  }
}
