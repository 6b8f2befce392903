package dev.rivet.planner.preflight;

import dev.rivet.planner.tuning.FreeConnections;
import java.util.Objects;

/**
 * What preflight read about the source and the exported table, from catalog views and server
 * variables only.
 *
 * @param product {@code PostgreSQL}, {@code MySQL} or {@code MariaDB}
 * @param serverVersion the server's version text
 * @param estimatedRows the table's row estimate; -1 when unknown or for a query
 * @param tableBytes the table's size on disk (PostgreSQL {@code pg_table_size}, MySQL {@code
 *     DATA_LENGTH}); -1 when unknown or for a query
 * @param averageRowBytes average row width from the statistics; -1 when unknown
 * @param cacheBytes the server's own buffer cache that chunk reads pass through (PostgreSQL {@code
 *     shared_buffers}); -1 when not read (MySQL/MariaDB, whose buffer pool inserts scanned pages at
 *     its midpoint rather than its head)
 * @param replica whether the server replays another server's changes; null when it would not say
 * @param replicaLagSeconds how far a replica is behind its primary; null when not a replica or
 *     unknown
 * @param readOnly whether the server refuses writes ({@code transaction_read_only}, {@code
 *     read_only}); null when unknown
 * @param timeLimit the statement time limit the chunk reads run under
 * @param connections the connection limits that apply to the exporting user
 */
public record SourceFacts(
    String product,
    String serverVersion,
    long estimatedRows,
    long tableBytes,
    long averageRowBytes,
    long cacheBytes,
    Boolean replica,
    Double replicaLagSeconds,
    Boolean readOnly,
    TimeLimit timeLimit,
    FreeConnections connections) {
  public SourceFacts {
    Objects.requireNonNull(product, "product");
    Objects.requireNonNull(serverVersion, "serverVersion");
    Objects.requireNonNull(timeLimit, "timeLimit");
    Objects.requireNonNull(connections, "connections");
  }
}
