package dev.rivet.state.dump;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Writes a dump as SQL: a header comment, then one {@code INSERT} per row inside {@code BEGIN} and
 * {@code COMMIT}. Values are SQL literals both SQLite and PostgreSQL read the same way (times as
 * ISO-8601 text), so the file also runs as it is in {@code sqlite3} or {@code psql} against a store
 * that {@code rivet state init} created.
 */
final class SqlDumpWriter implements DumpWriter {
  /** How the first line starts; {@code key=value} pairs follow. */
  static final String HEADER_PREFIX = "-- " + DumpHeader.FORMAT + " ";

  private final Writer out;

  SqlDumpWriter(OutputStream out) {
    this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
  }

  @Override
  public void header(DumpHeader header) {
    write(
        HEADER_PREFIX
            + "schema_version="
            + header.schemaVersion()
            + " store.kind="
            + header.storeKind()
            + " store.schema_version="
            + header.storeSchemaVersion()
            + " exported_at="
            + DumpType.instantText(header.exportedAt())
            + "\n"
            + "-- The state of a rivet state store. Load it with `rivet state import --format sql"
            + " --file FILE`,\n"
            + "-- or run it in sqlite3, or in psql after SET search_path TO rivet_state;, against a"
            + " store\n"
            + "-- that `rivet state init` created.\n"
            + "BEGIN;\n");
  }

  @Override
  public void table(DumpTable table) {
    write("-- " + table.tableName() + "\n");
  }

  @Override
  public void row(DumpRow row) {
    StringBuilder sql =
        new StringBuilder("INSERT INTO ")
            .append(row.table().tableName())
            .append(" (")
            .append(row.table().columnList())
            .append(") VALUES (");
    for (int i = 0; i < row.values().size(); i++) {
      if (i > 0) {
        sql.append(", ");
      }
      Object value = row.values().get(i);
      if (value == null) {
        sql.append("NULL");
      } else if (value instanceof Long number) {
        sql.append(number);
      } else if (value instanceof Instant instant) {
        sql.append('\'').append(DumpType.instantText(instant)).append('\'');
      } else {
        sql.append('\'').append(((String) value).replace("'", "''")).append('\'');
      }
    }
    write(sql.append(");\n").toString());
  }

  @Override
  public void finish() {
    write("COMMIT;\n");
    try {
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void write(String text) {
    try {
      out.write(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
