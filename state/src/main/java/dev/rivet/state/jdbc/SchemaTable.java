package dev.rivet.state.jdbc;

import static dev.rivet.state.jdbc.Statements.query;
import static dev.rivet.state.jdbc.Statements.update;

import dev.rivet.kernel.schema.ExportSchema;
import dev.rivet.kernel.schema.SchemaCodec;
import dev.rivet.state.SchemaRecord;
import dev.rivet.state.SchemaStatus;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** The {@code export_schemas} table: every schema an export was seen with, oldest first. */
final class SchemaTable {
  private static final String COLUMNS =
      "export_name, version, run_id, status, fingerprint, columns_json, recorded_at";

  private final StoreDialect dialect;

  SchemaTable(StoreDialect dialect) {
    this.dialect = dialect;
  }

  /** Inserts the export's next version; the caller's write transaction makes it atomic. */
  SchemaRecord insert(
      Connection c,
      String export,
      String runId,
      SchemaStatus status,
      ExportSchema schema,
      Instant now)
      throws SQLException {
    long version =
        query(
                    c,
                    "SELECT COALESCE(MAX(version), 0) FROM export_schemas WHERE export_name = ?",
                    rs -> rs.getLong(1),
                    export)
                .get(0)
            + 1;
    update(
        c,
        "INSERT INTO export_schemas (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)",
        export,
        version,
        runId,
        status.wireValue(),
        schema.fingerprint(),
        SchemaCodec.write(schema),
        dialect.instant(now));
    return new SchemaRecord(export, version, runId, status, schema, now);
  }

  List<SchemaRecord> history(Connection c, String export) throws SQLException {
    return query(
        c,
        "SELECT " + COLUMNS + " FROM export_schemas WHERE export_name = ? ORDER BY version",
        this::record,
        export);
  }

  private SchemaRecord record(ResultSet rs) throws SQLException {
    return new SchemaRecord(
        rs.getString("export_name"),
        rs.getLong("version"),
        rs.getString("run_id"),
        SchemaStatus.parse(rs.getString("status")),
        SchemaCodec.read(rs.getString("columns_json")),
        dialect.instant(rs, "recorded_at"));
  }
}
