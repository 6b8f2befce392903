package dev.rivet.state.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.state.StateLocation;
import java.sql.SQLException;

/**
 * A small connection pool per store: two connections, so the launcher's lease renewal never queues
 * behind a long state change of the run, and a dropped connection (server restart, failover, idle
 * timeout of a firewall) is replaced on the next use instead of failing every later update of a
 * long run. Every connection's search path is the store's schema.
 */
final class PostgresPool {
  static final int MAX_CONNECTIONS = 2;

  private PostgresPool() {}

  static HikariDataSource open(StateLocation location, String schema) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("rivet-state");
    config.setDriverClassName("org.postgresql.Driver");
    config.setJdbcUrl(location.jdbcUrl());
    config.addDataSourceProperty("currentSchema", schema);
    config.addDataSourceProperty("ApplicationName", "rivet-state");
    config.addDataSourceProperty("tcpKeepAlive", "true");
    config.setMaximumPoolSize(MAX_CONNECTIONS);
    config.setMinimumIdle(1);
    config.setAutoCommit(false);
    try {
      return new HikariDataSource(config);
    } catch (HikariPool.PoolInitializationException e) {
      if (e.getCause() instanceof SQLException cause) {
        throw PostgresErrors.sql(location, schema, "connecting", cause);
      }
      throw new RivetException(
          FailureKind.STATE,
          "state store " + location.redacted() + ": connecting: " + e.getMessage(),
          "check RIVET_STATE_URL (or state in the config) and that PostgreSQL is up",
          e);
    }
  }
}
