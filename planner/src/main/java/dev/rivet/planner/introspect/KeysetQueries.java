package dev.rivet.planner.introspect;

import dev.rivet.kernel.plan.KeyPart;
import dev.rivet.kernel.plan.KeyTuple;
import dev.rivet.kernel.plan.KeyType;
import dev.rivet.kernel.plan.Relation;
import dev.rivet.kernel.plan.SplitKey;
import dev.rivet.planner.dialect.Dialect;
import dev.rivet.planner.failure.SqlErrors;
import dev.rivet.planner.introspect.KeyQueries.KeyReader;
import dev.rivet.planner.split.KeyAxis;
import dev.rivet.planner.sql.ChunkQueries;
import dev.rivet.planner.sql.KeysetPredicate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The statement that walks a keyset key's index: the key {@code offset} entries after a bound, in
 * the index's order, read from the index alone where the source can (PostgreSQL's index-only scan,
 * InnoDB's clustered or covering index). Same SQL shape for every dialect; how a non-text value is
 * read back comes from the catalog.
 */
public final class KeysetQueries {
  private final Connection connection;
  private final Dialect dialect;
  private final Function<KeyType, KeyReader> readers;

  public KeysetQueries(
      Connection connection, Dialect dialect, Function<KeyType, KeyReader> readers) {
    this.connection = connection;
    this.dialect = dialect;
    this.readers = readers;
  }

  /**
   * The key {@code offset} entries after the first key {@code >= from} ({@code from} null: the
   * smallest key), or empty when fewer keys remain. Reads {@code offset + 1} index entries.
   *
   * @throws ArithmeticException when a non-text key value has no boundary text (e.g. infinity)
   */
  public Optional<KeyTuple> keyAtOffset(
      Relation relation, SplitKey key, KeyTuple from, long offset) {
    String columns =
        key.parts().stream().map(p -> dialect.quote(p.column())).collect(Collectors.joining(", "));
    KeysetPredicate lower = KeysetPredicate.of(dialect, key, true);
    String sql =
        "SELECT "
            + columns
            + " FROM "
            + ChunkQueries.from(dialect, relation)
            + (from == null ? "" : " WHERE " + lower.sql())
            + " ORDER BY "
            + columns
            + " LIMIT 1 OFFSET ?";
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      int next = from == null ? 1 : lower.bind(ps, 1, key, from);
      ps.setLong(next, offset);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        List<String> values = new ArrayList<>(key.parts().size());
        for (int i = 0; i < key.parts().size(); i++) {
          values.add(text(rs, i + 1, key.parts().get(i)));
        }
        return Optional.of(new KeyTuple(values));
      }
    } catch (SQLException e) {
      throw SqlErrors.translate(
          e, "walking the index of " + key.describe() + " of " + relation.describe());
    }
  }

  private String text(ResultSet rs, int column, KeyPart part) throws SQLException {
    if (part.type() == KeyType.TEXT || part.type() == KeyType.UUID) {
      String value = rs.getString(column);
      if (value == null) {
        throw new IllegalStateException("key column " + part.column() + " returned NULL");
      }
      return value;
    }
    Long axis = readers.apply(part.type()).read(rs, column);
    if (axis == null) {
      throw new IllegalStateException("key column " + part.column() + " returned NULL");
    }
    return KeyAxis.format(part.type(), axis);
  }
}
