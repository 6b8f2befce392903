package dev.rivet.planner.dialect;

import dev.rivet.kernel.plan.KeyType;
import dev.rivet.kernel.plan.Relation;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.kernel.source.SourceKind;
import dev.rivet.kernel.source.SourceTls;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.OptionalDouble;
import java.util.Properties;
import java.util.ServiceLoader;

/**
 * What differs between source databases: identifier quoting, the select expression of a column,
 * session setup for a consistent streaming read, and catalog access.
 */
public interface Dialect {

  /** The source family this dialect speaks for. */
  SourceKind kind();

  /** Quotes and escapes one identifier. */
  String quote(String identifier);

  default String qualified(TableRef table) {
    return table.schema() == null
        ? quote(table.name())
        : quote(table.schema()) + "." + quote(table.name());
  }

  /**
   * The select-list expression that reads {@code column} of a table, keeping its name: the quoted
   * name, or a conversion where the driver's own form is not a portable value.
   */
  default String selectColumn(SourceColumn column) {
    return quote(column.name());
  }

  /** How this family casts a column to the output type of an export's column override. */
  OverrideCasts casts();

  /**
   * {@code column} as the result of {@link #selectColumn} describes it (its JDBC type and type
   * name), for checking that a chunk reads the planned columns: the column itself unless the select
   * list converts it to another type.
   */
  default SourceColumn selectedAs(SourceColumn column) {
    return column;
  }

  /**
   * Prepares a connection for a consistent, streaming, read-only chunk read: a transaction with a
   * snapshot, and whatever session settings make the driver's text output exact.
   */
  void prepareReadSession(Connection connection) throws SQLException;

  /**
   * Begins, on {@code connection}, the transaction whose snapshot every chunk of a {@code
   * consistency: snapshot} run reads, and returns the snapshot's id for {@link #importSnapshot}.
   * The transaction must stay open (and the connection idle in it) until the run ends.
   *
   * @throws UnsupportedOperationException for a family whose connections cannot share a snapshot
   *     (see {@link SourceKind#sharesSnapshots()})
   */
  default String exportSnapshot(Connection connection) throws SQLException {
    throw new UnsupportedOperationException(kind() + " connections cannot share a snapshot");
  }

  /**
   * Makes the transaction {@link #prepareReadSession} began read the snapshot {@code snapshotId}
   * that {@link #exportSnapshot} returned, before it reads anything.
   *
   * @throws UnsupportedOperationException for a family whose connections cannot share a snapshot
   */
  default void importSnapshot(Connection connection, String snapshotId) throws SQLException {
    throw new UnsupportedOperationException(kind() + " connections cannot share a snapshot");
  }

  /**
   * The WHERE condition that selects the rows stored in blocks {@code [lowerBlock, upperBlock)} of
   * a table, a null bound leaving that side open; at least one bound is set. Block numbers are
   * written as literals: they are numbers, so they cannot end a quote.
   *
   * @throws UnsupportedOperationException for a family that cannot read block ranges (see {@link
   *     Catalog#blocks})
   */
  default String blockRangeCondition(Long lowerBlock, Long upperBlock) {
    throw new UnsupportedOperationException(kind() + " cannot read a table by block ranges");
  }

  /**
   * The governor's probe of a run's source: for a table, a read of it that returns no row (it is
   * planned and takes the table's shared lock, so it waits behind whatever blocks the table's
   * readers); for a query, {@code SELECT 1}. Cheap enough to run every few seconds.
   */
  default String probeSql(Relation relation) {
    if (relation instanceof TableRef table) {
      return "SELECT 1 FROM " + qualified(table) + " WHERE 1 = 0";
    }
    return "SELECT 1";
  }

  /**
   * How many seconds the source, when it is a replica, lags behind its primary; empty on a primary,
   * and when the source cannot tell (replication stopped, no privilege to ask).
   */
  default OptionalDouble replicaLagSeconds(Connection connection) throws SQLException {
    return OptionalDouble.empty();
  }

  /** Makes a chunk statement stream its rows {@code fetchSize} at a time instead of buffering. */
  default void configureStatement(PreparedStatement statement, int fetchSize) throws SQLException {
    statement.setFetchSize(fetchSize);
  }

  /** The URL to hand this family's driver for a configured JDBC URL. */
  default String driverUrl(String jdbcUrl) {
    return jdbcUrl;
  }

  /**
   * The JDBC URL of one database on one server, in this family's driver's grammar.
   *
   * @param host a host name, an IPv4 address or a bracketed IPv6 literal
   * @throws dev.rivet.kernel.failure.RivetException USER_CONFIG when the driver cannot take {@code
   *     database} in a URL
   */
  String jdbcUrl(String host, int port, String database);

  /**
   * What a JDBC URL of this family tells its driver about the network, read as the driver reads it:
   * the hosts and ports it tries, in order, and the TLS mode it asks for. Reads the text only.
   */
  SourceAddress address(String jdbcUrl);

  /**
   * {@code jdbcUrl} with its host list replaced by the one endpoint {@code local} (the local end of
   * an SSH tunnel); database, user and parameters stay as they are.
   *
   * @throws IllegalArgumentException when the URL's host part cannot be read
   */
  String withEndpoint(String jdbcUrl, Endpoint local);

  /**
   * Rivet's connection properties for this family's driver (bounded connect time, a name DBAs can
   * recognise); parameters in the URL override them.
   */
  Properties driverProperties(int connectTimeoutSeconds);

  /**
   * Driver properties added to {@link #driverProperties} for connections that read chunks only (the
   * planner's catalog queries and index walks keep the driver's defaults).
   */
  default Properties chunkReadProperties() {
    return new Properties();
  }

  /**
   * The driver properties that carry a {@code source.tls} section to this family's driver, with the
   * same meaning on every family; none when {@code tls.mode} is not written.
   *
   * @param clientKeys the section's client certificate and key as a PKCS-12 file, or null
   */
  Properties tlsProperties(SourceTls tls, ClientKeyStoreFile clientKeys);

  /**
   * The statement that builds an index without blocking writes, for hints.
   *
   * @param target the parenthesised column or expression
   * @param expression whether {@code target} is an expression rather than a column
   */
  String createIndexOnline(String name, TableRef table, String target, boolean expression);

  /**
   * Whether a key column's values are instants (so calendar chunks are cut in a time zone) rather
   * than wall-clock times.
   */
  boolean holdsInstants(SourceColumn column, KeyType type);

  /**
   * Whether the source's optimizer turns a row-value comparison {@code (a, b) >= (?, ?)} into an
   * index range; where it does not, keyset predicates are written out as {@code a > ? OR (a = ? AND
   * b >= ?)}.
   */
  default boolean indexesRowValues() {
    return false;
  }

  /** The statement that refreshes a table's planner statistics, for hints. */
  String analyzeStatement(TableRef table);

  /** Catalog access for planning over an open connection. */
  Catalog catalog(Connection connection);

  /**
   * The dialect of a source family: each database's package registers its dialect as a {@link
   * ServiceLoader} service, so generic code never names a database's classes.
   *
   * @throws IllegalStateException when no dialect is registered for {@code kind} (a packaging
   *     defect: the jar lost its {@code META-INF/services} entries)
   */
  static Dialect of(SourceKind kind) {
    return Registered.DIALECTS.stream()
        .filter(d -> d.kind() == kind)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no dialect registered for source kind "
                        + kind
                        + " in META-INF/services/"
                        + Dialect.class.getName()));
  }
}
