package dev.rivet.pipeline.govern;

import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.planner.connect.SourceConnector;
import dev.rivet.planner.dialect.Dialect;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The governor's view of the source: one connection of its own (opened at the first probe, opened
 * again after {@link #abort}), on which each probe times the dialect's trivial statement and, when
 * a replica lag threshold asks for it, reads the replica's lag. What the samples mean is {@link
 * GovernorPolicy}'s business, when to take them {@link Governor}'s.
 */
final class SourceProbe {
  private static final Logger LOG = LoggerFactory.getLogger(SourceProbe.class);

  private final ExportPlan plan;
  private final SourceConnection source;
  private volatile Connection connection;

  SourceProbe(ExportPlan plan, SourceConnection source) {
    this.plan = plan;
    this.source = source;
  }

  /** One probe: the timed probe statement, then the replica lag when a threshold asks for it. */
  Sample sample() throws SQLException {
    Dialect dialect = Dialect.of(plan.source());
    Connection c = connection;
    if (c == null || c.isClosed()) {
      c = SourceConnector.open(source);
      c.setAutoCommit(true);
      connection = c;
    }
    long started = System.nanoTime();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(dialect.probeSql(plan.export().relation()))) {
      while (rs.next()) {
        // WHERE 1 = 0: no row; SELECT 1: one.
      }
    }
    long latency = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - started);
    long lag = -1;
    if (plan.export().governor().maxReplicaLagMillis() > 0) {
      OptionalDouble seconds = dialect.replicaLagSeconds(c);
      if (seconds.isPresent()) {
        lag = Math.round(seconds.getAsDouble() * 1000);
      }
    }
    return new Sample(latency, lag);
  }

  /** Drops the connection without waiting for the source; the next probe opens a new one. */
  void abort() {
    Connection c = connection;
    connection = null;
    if (c != null) {
      try {
        c.abort(Runnable::run);
      } catch (SQLException | RuntimeException e) {
        LOG.debug("governor: closing the probe connection failed: {}", e.getMessage());
      }
    }
  }
}
