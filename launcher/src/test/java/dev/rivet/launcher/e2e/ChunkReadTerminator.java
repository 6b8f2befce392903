package dev.rivet.launcher.e2e;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** Drops a running export's chunk reads on the real PostgreSQL, as a lost connection would. */
final class ChunkReadTerminator {
  private ChunkReadTerminator() {}

  /**
   * Terminates {@code user}'s chunk reads of {@code table} that have run for 200 ms, up to {@code
   * limit} of them, until {@code run} ends; returns how many it terminated.
   */
  static int terminateReads(CompletableFuture<Cli.Result> run, String user, String table, int limit)
      throws Exception {
    return terminateReads(run, user, table, limit, "200 ms");
  }

  /** As the above, terminating reads that have run for {@code after} (an interval, "50 ms"). */
  static int terminateReads(
      CompletableFuture<Cli.Result> run, String user, String table, int limit, String after)
      throws Exception {
    // A terminated backend can still be listed for a moment: count each one once.
    Set<Integer> terminated = new HashSet<>();
    try (Connection c = TestDatabase.connect();
        Statement s = c.createStatement()) {
      while (!run.isDone() && terminated.size() < limit) {
        try (ResultSet rs =
            s.executeQuery(
                "SELECT pid, pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE usename = '"
                    + user
                    + "' AND state = 'active'"
                    // A chunk read is a SELECT, or a SELECT inside a binary COPY.
                    + " AND (query LIKE 'SELECT%"
                    + table
                    + "%' OR query LIKE 'COPY (SELECT%"
                    + table
                    + "%') AND now() - query_start > interval '"
                    + after
                    + "'")) {
          while (rs.next()) {
            if (rs.getBoolean(2)) {
              terminated.add(rs.getInt(1));
            }
          }
        }
        // Polls the server's activity; the run itself is awaited by its future.
        Thread.sleep(20);
      }
    }
    return terminated.size();
  }
}
