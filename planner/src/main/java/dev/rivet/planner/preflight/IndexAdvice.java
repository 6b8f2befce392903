package dev.rivet.planner.preflight;

import dev.rivet.kernel.plan.SplitKey;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.planner.dialect.Dialect;
import dev.rivet.planner.sql.ChunkQueries;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code CREATE INDEX} statement that lets chunk queries read only their range, written as
 * migration guidance: built without blocking writes where the source can (PostgreSQL {@code
 * CONCURRENTLY}; InnoDB {@code ALGORITHM=INPLACE, LOCK=NONE}, which fails rather than lock).
 */
final class IndexAdvice {
  private IndexAdvice() {}

  static String createIndex(Dialect dialect, TableRef table, SplitKey key) {
    List<String> parts = new ArrayList<>();
    parts.add(table.name());
    parts.add(key.column());
    parts.addAll(key.fallback());
    parts.add("idx");
    String name = dialect.quote(String.join("_", parts));
    String target =
        key.fallback().isEmpty()
            ? "(" + dialect.quote(key.column()) + ")"
            // An expression index serves the COALESCE the chunk queries filter on.
            : "((" + ChunkQueries.keyExpression(dialect, key) + "))";
    return dialect.createIndexOnline(name, table, target, !key.fallback().isEmpty());
  }
}
