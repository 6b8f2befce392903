package dev.rivet.planner.mysql;

import dev.rivet.kernel.plan.KeyPart;
import dev.rivet.kernel.plan.KeyType;
import dev.rivet.planner.dialect.KeysetChoice;
import dev.rivet.planner.failure.SqlErrors;
import dev.rivet.planner.introspect.KeysetCandidates;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds a MySQL/MariaDB table's keyset key from {@code information_schema.STATISTICS}: a unique
 * index over whole columns (no prefix, no expression), ascending, whose columns are NOT NULL and of
 * a type Rivet binds. Any collation is usable: MySQL has no nondeterministic collations in
 * PostgreSQL's sense; texts a collation calls equal ({@code 'a'} and {@code 'A '} under a
 * case-insensitive PAD SPACE collation) cannot both be in a unique index, and the index, {@code
 * ORDER BY} and the chunk predicates all compare in the column's collation (a bound parameter is
 * more coercible than a column), so each row falls in exactly one range.
 */
final class MySqlKeysets {
  private static final String SQL =
      "SELECT s.INDEX_NAME, s.INDEX_NAME = 'PRIMARY', s.COLUMN_NAME, c.DATA_TYPE,"
          + " c.IS_NULLABLE = 'NO', s.SUB_PART IS NULL, coalesce(s.COLLATION, '') = 'A'"
          + " FROM information_schema.STATISTICS s"
          + " LEFT JOIN information_schema.COLUMNS c ON c.TABLE_SCHEMA = s.TABLE_SCHEMA"
          + " AND c.TABLE_NAME = s.TABLE_NAME AND c.COLUMN_NAME = s.COLUMN_NAME"
          + " WHERE s.TABLE_SCHEMA = ? AND s.TABLE_NAME = ? AND s.NON_UNIQUE = 0"
          + " ORDER BY s.INDEX_NAME = 'PRIMARY' DESC, s.INDEX_NAME, s.SEQ_IN_INDEX";

  private MySqlKeysets() {}

  static KeysetChoice find(Connection connection, String database, String table) {
    KeysetCandidates candidates = new KeysetCandidates();
    try (PreparedStatement ps = connection.prepareStatement(SQL)) {
      ps.setString(1, database);
      ps.setString(2, table);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String index = rs.getString(1);
          boolean primary = rs.getBoolean(2);
          String column = rs.getString(3);
          String type = rs.getString(4);
          if (column == null || type == null) {
            candidates.refuse(index, primary, "it indexes an expression");
            continue;
          }
          Optional<KeyType> kind = partType(type);
          if (kind.isEmpty()) {
            candidates.refuse(
                index, primary, "column " + column + " is of type " + type + ", not split on");
          } else if (!rs.getBoolean(5)) {
            candidates.refuse(index, primary, "column " + column + " allows NULL");
          } else if (!rs.getBoolean(6)) {
            candidates.refuse(index, primary, "it indexes a prefix of column " + column);
          } else if (!rs.getBoolean(7)) {
            candidates.refuse(index, primary, "column " + column + " is indexed descending");
          } else {
            candidates.column(index, primary, new KeyPart(column, kind.get()));
          }
        }
      }
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "reading the unique indexes of " + database + "." + table);
    }
    return candidates.choose();
  }

  /** The key part kind of a column's DATA_TYPE; binary strings, enums and sets are left out. */
  static Optional<KeyType> partType(String dataType) {
    switch (dataType.toLowerCase(Locale.ROOT)) {
      case "tinyint":
      case "smallint":
      case "mediumint":
      case "int":
      case "bigint":
        return Optional.of(KeyType.INTEGER);
      case "date":
        return Optional.of(KeyType.DATE);
      case "datetime":
      case "timestamp":
        return Optional.of(KeyType.TIMESTAMP);
      case "char":
      case "varchar":
        return Optional.of(KeyType.TEXT);
      default:
        return Optional.empty();
    }
  }
}
