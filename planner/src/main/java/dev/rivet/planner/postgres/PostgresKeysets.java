package dev.rivet.planner.postgres;

import dev.rivet.kernel.plan.KeyPart;
import dev.rivet.kernel.plan.KeyType;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.planner.dialect.Dialect;
import dev.rivet.planner.dialect.KeysetChoice;
import dev.rivet.planner.failure.SqlErrors;
import dev.rivet.planner.introspect.KeysetCandidates;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Finds a PostgreSQL table's keyset key from {@code pg_index}: a valid unique index without
 * predicate or expression whose key columns are NOT NULL, ascending, of the column's own collation
 * and default operator class (so {@code ORDER BY} and row comparisons in the column's collation
 * follow the index), of a type Rivet binds, and whose collations are deterministic: a
 * nondeterministic collation (e.g. ICU case-insensitive) lets distinct texts compare equal, so
 * {@code [lower, upper)} ranges would not say which chunk a row is in by its text alone.
 */
final class PostgresKeysets {
  private static final String SQL =
      "SELECT c.relname, i.indisprimary, a.attname, a.atttypid::regtype::text, a.attnotnull,"
          + " i.indoption[(k.n - 1)::int] = 0, i.indcollation[(k.n - 1)::int] = a.attcollation,"
          + " coalesce(coll.collisdeterministic, true), coll.collname, opc.opcdefault"
          + " FROM pg_index i"
          + " JOIN pg_class c ON c.oid = i.indexrelid"
          + " JOIN LATERAL unnest(i.indkey[0:i.indnkeyatts - 1]) WITH ORDINALITY k(attnum, n)"
          + " ON true"
          + " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum"
          + " JOIN pg_opclass opc ON opc.oid = i.indclass[(k.n - 1)::int]"
          + " LEFT JOIN pg_collation coll ON coll.oid = a.attcollation"
          + " WHERE i.indrelid = ?::regclass AND i.indisunique AND i.indisvalid"
          + " AND i.indpred IS NULL AND i.indexprs IS NULL"
          + " ORDER BY i.indisprimary DESC, c.relname, k.n";

  private PostgresKeysets() {}

  static KeysetChoice find(Connection connection, Dialect dialect, TableRef table) {
    KeysetCandidates candidates = new KeysetCandidates();
    try (PreparedStatement ps = connection.prepareStatement(SQL)) {
      ps.setString(1, dialect.qualified(table));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String index = rs.getString(1);
          boolean primary = rs.getBoolean(2);
          String column = rs.getString(3);
          String type = rs.getString(4);
          Optional<KeyType> kind = partType(type);
          if (kind.isEmpty()) {
            candidates.refuse(
                index, primary, "column " + column + " is of type " + type + ", not split on");
          } else if (!rs.getBoolean(5)) {
            candidates.refuse(index, primary, "column " + column + " allows NULL");
          } else if (!rs.getBoolean(6)) {
            candidates.refuse(index, primary, "column " + column + " is indexed descending");
          } else if (!rs.getBoolean(7)) {
            candidates.refuse(
                index, primary, "column " + column + " is indexed in another collation");
          } else if (!rs.getBoolean(8)) {
            candidates.refuse(
                index,
                primary,
                "column "
                    + column
                    + " uses the nondeterministic collation "
                    + rs.getString(9)
                    + " (distinct texts may compare equal)");
          } else if (!rs.getBoolean(10)) {
            candidates.refuse(
                index,
                primary,
                "column " + column + " is indexed with a non-default operator class");
          } else {
            candidates.column(index, primary, new KeyPart(column, kind.get()));
          }
        }
      }
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "reading the unique indexes of " + table.describe());
    }
    return candidates.choose();
  }

  /**
   * The key part kind of a column type; {@code character(n)} is left out (binding text to it would
   * compare as text and miss its index).
   */
  static Optional<KeyType> partType(String regtype) {
    switch (regtype) {
      case "smallint":
      case "integer":
      case "bigint":
        return Optional.of(KeyType.INTEGER);
      case "date":
        return Optional.of(KeyType.DATE);
      case "timestamp without time zone":
        return Optional.of(KeyType.TIMESTAMP);
      case "timestamp with time zone":
        return Optional.of(KeyType.TIMESTAMPTZ);
      case "text":
      case "character varying":
        return Optional.of(KeyType.TEXT);
      case "uuid":
        return Optional.of(KeyType.UUID);
      default:
        return Optional.empty();
    }
  }
}
