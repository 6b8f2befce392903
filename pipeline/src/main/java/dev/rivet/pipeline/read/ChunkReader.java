package dev.rivet.pipeline.read;

import dev.rivet.kernel.destination.Destination;
import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.MemoryBudget;
import dev.rivet.kernel.plan.ReadProtocol;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.pipeline.fidelity.OutputTypes;
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
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;
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
    if (source.driver() != null || protocolFor(plan, protocol) == ReadProtocol.JDBC) {
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

  /**
   * The protocol that reads the export's chunks when {@code protocol} is asked for: {@link
   * ReadProtocol#COPY} when the source's binary read decodes every column exactly (and, for {@link
   * ReadProtocol#AUTO}, the run is not governed and the export does not stream to standard output),
   * else {@link ReadProtocol#JDBC}.
   *
   * @throws RivetException USER_CONFIG when {@link ReadProtocol#COPY} is asked for and a column
   *     cannot be read through it
   */
  public static ReadProtocol protocolFor(ExportPlan plan, ReadProtocol protocol) {
    if (governedCursor(plan, protocol)) {
      return ReadProtocol.JDBC;
    }
    return readsThroughCopy(plan, protocol) ? ReadProtocol.COPY : ReadProtocol.JDBC;
  }

  /**
   * Whether {@code plan}'s chunks read through a cursor rather than COPY because the run is paced
   * (a rate limit or a relative latency threshold, {@link
   * dev.rivet.kernel.plan.GovernorSettings#paces}, with {@link ReadProtocol#AUTO}): such a read is
   * slowed down by the client, but a COPY runs on the server as fast as the socket buffers take its
   * rows (megabytes on a loopback connection, whatever the client's receive buffer), so the server
   * reads each chunk in bursts of many ms of CPU; a cursor makes it produce one fetch (at most
   * {@link ExportPlan#GOVERNED_FETCH_ROWS} rows) per round trip.
   */
  public static boolean governedCursor(ExportPlan plan, ReadProtocol protocol) {
    return protocol == ReadProtocol.AUTO
        && plan.export().governor().paces()
        && readsThroughCopy(plan, protocol);
  }

  /** {@link #protocolFor} without the governed read's cursor: whether COPY can and may read. */
  private static boolean readsThroughCopy(ExportPlan plan, ReadProtocol protocol) {
    if (!protocol.allowsCopy()) {
      return false;
    }
    if (protocol == ReadProtocol.AUTO
        && plan.export().destination() instanceof Destination.Stdout) {
      // A stream cannot take rows back, so a chunk is retried only until its first row is sent:
      // JDBC sends none before its first fetch of fetch_size rows is complete, COPY sends each
      // row as it arrives.
      return false;
    }
    SourceTypes types = SourceTypes.of(plan.source());
    List<String> unreadable =
        OutputTypes.of(plan).stream()
            .filter(type -> !types.binaryDecodes(type))
            .map(type -> "'" + type.name() + "' (" + type.sourceType() + ")")
            .collect(Collectors.toList());
    if (unreadable.isEmpty()) {
      return true;
    }
    if (protocol == ReadProtocol.COPY) {
      throw new RivetException(
          FailureKind.USER_CONFIG,
          "export '"
              + plan.export().name()
              + "' sets tuning.read_protocol to copy, but the source's binary COPY cannot read"
              + " column(s) "
              + String.join(", ", unreadable)
              + " exactly",
          "set tuning.read_protocol to auto (JDBC for such exports) or jdbc, or cast the columns"
              + " to text in a query export");
    }
    return false;
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
        checkColumns(plan, dialect, rs.getMetaData(), doing);
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
      checkColumns(plan, dialect, statement.getMetaData(), doing);
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

  /**
   * A chunk reads exactly the planned columns: the same count, names and source types (names only
   * for columns a {@code columns:} override casts). A schema that changed under a running plan
   * fails the chunk (and with it the run) rather than write files of two schemas into one run. A
   * column the select list converts is compared as the dialect reads it ({@link
   * Dialect#selectedAs}).
   */
  private static void checkColumns(
      ExportPlan plan, Dialect dialect, ResultSetMetaData md, String doing) throws SQLException {
    // Composite attributes follow the planned columns, each a column of its own.
    int actual = md.getColumnCount() - SourceColumn.attributePaths(plan.columns()).size();
    String problem = null;
    if (actual != plan.columns().size()) {
      problem =
          "the source now returns " + actual + " columns but the plan has " + plan.columns().size();
    } else {
      for (int i = 1; i <= actual && problem == null; i++) {
        SourceColumn planned = dialect.selectedAs(plan.columns().get(i - 1));
        // An overridden column arrives as its cast's type, which the dialect decides: only its
        // name is compared (a change of its source type shows in the next plan's schema).
        boolean cast = plan.export().columnOverrides().of(planned.name()).isPresent();
        if (!planned.name().equals(md.getColumnLabel(i))
            || (!cast
                && (planned.jdbcType() != md.getColumnType(i)
                    || !planned.typeName().equals(md.getColumnTypeName(i))))) {
          problem =
              "column "
                  + i
                  + " is now "
                  + md.getColumnLabel(i)
                  + " "
                  + md.getColumnTypeName(i)
                  + " but was planned as "
                  + planned.name()
                  + " "
                  + planned.typeName();
        }
      }
    }
    if (problem != null) {
      throw new RivetException(
          FailureKind.SCHEMA_DRIFT,
          doing
              + ": "
              + problem
              + "; the source schema changed since the run was planned, and"
              + " one run never publishes files of two schemas",
          "run 'rivet run' again: it abandons this run and plans a new one under the new schema"
              + " (on_schema_drift decides whether that run goes on)");
    }
  }
}
