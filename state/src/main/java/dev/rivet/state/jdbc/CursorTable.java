package dev.rivet.state.jdbc;

import static dev.rivet.state.jdbc.Statements.query;
import static dev.rivet.state.jdbc.Statements.update;

import dev.rivet.kernel.plan.CursorAdvance;
import dev.rivet.kernel.plan.KeyType;
import dev.rivet.state.CursorMark;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** The {@code cursors} table: one high-water mark per incremental export. */
final class CursorTable {
  private static final String COLUMNS = "export_name, cursor, key_type, mark, run_id, updated_at";

  private final StoreDialect dialect;

  CursorTable(StoreDialect dialect) {
    this.dialect = dialect;
  }

  /**
   * Stores {@code advance}'s new mark for {@code export} unless the stored mark is already at or
   * past it, so a late-finishing older run never moves a mark backwards. One statement, atomic on
   * its own: the upsert's condition is checked against the row it locks.
   */
  void advance(Connection c, String export, String runId, CursorAdvance advance, Instant now)
      throws SQLException {
    if (advance.newMark() == null) {
      return;
    }
    update(
        c,
        "INSERT INTO cursors (export_name, cursor, key_type, mark, mark_axis, run_id, updated_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (export_name) DO UPDATE SET cursor = excluded.cursor,"
            + " key_type = excluded.key_type, mark = excluded.mark, mark_axis = excluded.mark_axis,"
            + " run_id = excluded.run_id, updated_at = excluded.updated_at"
            + " WHERE cursors.cursor <> excluded.cursor OR cursors.key_type <> excluded.key_type"
            + " OR cursors.mark_axis < excluded.mark_axis",
        export,
        advance.cursor(),
        advance.type().name(),
        advance.newMark(),
        advance.newMarkAxis(),
        runId,
        dialect.instant(now));
  }

  List<CursorMark> find(Connection c, String exportOrNull) throws SQLException {
    return exportOrNull == null
        ? query(c, "SELECT " + COLUMNS + " FROM cursors ORDER BY export_name", this::mark)
        : query(
            c,
            "SELECT " + COLUMNS + " FROM cursors WHERE export_name = ?",
            this::mark,
            exportOrNull);
  }

  boolean delete(Connection c, String export) throws SQLException {
    return update(c, "DELETE FROM cursors WHERE export_name = ?", export) > 0;
  }

  private CursorMark mark(ResultSet rs) throws SQLException {
    return new CursorMark(
        rs.getString(1),
        rs.getString(2),
        KeyType.valueOf(rs.getString(3)),
        rs.getString(4),
        rs.getString(5),
        dialect.instant(rs, "updated_at"));
  }
}
