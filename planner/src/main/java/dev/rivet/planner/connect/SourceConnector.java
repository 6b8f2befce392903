package dev.rivet.planner.connect;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.planner.dialect.ClientKeyStoreFile;
import dev.rivet.planner.dialect.Dialect;
import dev.rivet.planner.dialect.Endpoint;
import dev.rivet.planner.dialect.SourceAddress;
import dev.rivet.planner.failure.SqlErrors;
import dev.rivet.planner.tunnel.SshTunnels;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;

/**
 * Opens source connections with bounded connect time and a recognisable application name, as the
 * source family's {@link Dialect} sets them, with the {@code source.tls} settings and through the
 * {@code source.driver} override when there is one; refuses plaintext to another machine ({@link
 * PlaintextGuard}); a failure comes back as a classified {@link RivetException}. A source behind
 * SSH is reached through this process's tunnel to it ({@link SshTunnels}): the driver connects to
 * the tunnel's local end, everything else in the URL stays.
 */
public final class SourceConnector {
  static final int CONNECT_TIMEOUT_SECONDS = 10;

  private SourceConnector() {}

  public static Connection open(SourceConnection source) {
    return open(source, false);
  }

  /**
   * A connection that reads chunks: as {@link #open(SourceConnection)}, plus the dialect's {@link
   * Dialect#chunkReadProperties}.
   */
  public static Connection openForChunks(SourceConnection source) {
    return open(source, true);
  }

  private static Connection open(SourceConnection source, boolean chunks) {
    Dialect dialect;
    try {
      dialect = Dialect.of(source.kind());
    } catch (IllegalArgumentException e) {
      throw new RivetException(
          FailureKind.USER_CONFIG, e.getMessage(), "set source.url to a supported database", e);
    }
    Optional<RivetException> refusal =
        PlaintextGuard.refusal(source, dialect.address(source.jdbcUrl()));
    if (refusal.isPresent()) {
      throw refusal.get();
    }
    Properties props = dialect.driverProperties(CONNECT_TIMEOUT_SECONDS);
    if (chunks) {
      props.putAll(dialect.chunkReadProperties());
    }
    if (source.user() != null) {
      props.setProperty("user", source.user());
    }
    if (source.password() != null) {
      props.setProperty("password", source.password());
    }
    ClientKeyStoreFile clientKeys = ClientKeyStore.write(source.tls());
    try {
      props.putAll(dialect.tlsProperties(source.tls(), clientKeys));
      if (source.driver() == null) {
        return DriverManager.getConnection(dialect.driverUrl(reachable(source, dialect)), props);
      }
      // A user's driver gets the URL as written: it may not know the MariaDB driver's scheme.
      Connection connection =
          DriverLoader.driver(source.driver()).connect(reachable(source, dialect), props);
      if (connection == null) {
        throw new RivetException(
            FailureKind.USER_CONFIG,
            source.driver().className() + " does not accept the URL " + source.redactedUrl(),
            "write source.url as the jdbc: URL that driver documents (jdbc:postgresql:,"
                + " jdbc:mysql: or jdbc:mariadb:)");
      }
      return connection;
    } catch (SQLException e) {
      throw SqlErrors.translate(
          e,
          "cannot connect to the source "
              + source.redactedUrl()
              + (source.user() == null ? "" : " as " + source.user())
              + (source.ssh() == null ? "" : " through ssh " + source.ssh().describe()));
    } finally {
      // The drivers read the key store during the handshake, which is over by now.
      ClientKeyStore.delete(clientKeys);
    }
  }

  /** The URL the driver connects to: the source's own, or its tunnel's local end. */
  private static String reachable(SourceConnection source, Dialect dialect) {
    if (source.ssh() == null) {
      return source.jdbcUrl();
    }
    return dialect.withEndpoint(
        source.jdbcUrl(), SshTunnels.localEndpoint(source.ssh(), target(source, dialect)));
  }

  /**
   * The one database endpoint a tunnel forwards to.
   *
   * @throws RivetException USER_CONFIG for a URL with several hosts (or none that can be read)
   */
  public static Endpoint target(SourceConnection source, Dialect dialect) {
    SourceAddress address = dialect.address(source.jdbcUrl());
    if (address.endpoints().size() != 1) {
      throw new RivetException(
          FailureKind.USER_CONFIG,
          "source.ssh forwards to one database server, but "
              + source.redactedUrl()
              + " names "
              + (address.endpoints().isEmpty() ? "no host Rivet can read" : address.endpoints()),
          "give source.url (or source.host) one host:port as the SSH server sees it");
    }
    return address.endpoints().get(0);
  }
}
