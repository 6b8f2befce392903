package dev.rivet.state.dump;

import static dev.rivet.state.dump.DumpColumn.optional;
import static dev.rivet.state.dump.DumpColumn.required;
import static dev.rivet.state.dump.DumpType.INSTANT;
import static dev.rivet.state.dump.DumpType.INTEGER;
import static dev.rivet.state.dump.DumpType.TEXT;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The tables a dump of the state store holds, in the order they are written and loaded (a row's
 * references come before it), with their columns as the state schema names them. Leases are left
 * out: a lease belongs to a process running against the store it was taken in.
 */
public enum DumpTable {
  RUNS(
      "runs",
      List.of("run_id"),
      required("run_id", TEXT),
      required("export_name", TEXT),
      required("status", TEXT),
      optional("runner", TEXT),
      required("plan_json", TEXT),
      required("chunk_count", INTEGER),
      required("created_at", INSTANT),
      optional("started_at", INSTANT),
      optional("finished_at", INSTANT),
      required("rows_written", INTEGER),
      required("files_written", INTEGER),
      required("bytes_written", INTEGER),
      optional("error_class", TEXT),
      optional("error_message", TEXT)),
  CHUNKS(
      "chunks",
      List.of("run_id", "chunk_index"),
      required("run_id", TEXT),
      required("chunk_index", INTEGER),
      optional("lower_inclusive", TEXT),
      optional("upper_exclusive", TEXT),
      required("status", TEXT),
      required("attempts", INTEGER),
      required("rows_written", INTEGER),
      optional("started_at", INSTANT),
      optional("finished_at", INSTANT),
      optional("error_class", TEXT),
      optional("error_message", TEXT),
      optional("claimed_by", TEXT),
      optional("claim_expires_at", INSTANT)),
  FILES(
      "files",
      List.of("run_id", "chunk_index", "file_index"),
      required("run_id", TEXT),
      required("chunk_index", INTEGER),
      required("file_index", INTEGER),
      required("path", TEXT),
      required("rows_written", INTEGER),
      required("bytes", INTEGER),
      optional("sha256", TEXT),
      optional("warnings", TEXT),
      optional("profile", TEXT)),
  CHUNK_ERRORS(
      "chunk_errors",
      List.of("run_id", "chunk_index", "attempt"),
      required("run_id", TEXT),
      required("chunk_index", INTEGER),
      required("attempt", INTEGER),
      required("error_class", TEXT),
      optional("error_message", TEXT),
      required("failed_at", INSTANT)),
  CURSORS(
      "cursors",
      List.of("export_name"),
      required("export_name", TEXT),
      required("cursor", TEXT),
      required("key_type", TEXT),
      required("mark", TEXT),
      required("mark_axis", INTEGER),
      required("run_id", TEXT),
      required("updated_at", INSTANT)),
  /** Each export's last lease fencing token, so tokens keep growing in the store loaded. */
  LEASE_TOKENS(
      "lease_tokens",
      List.of("export_name"),
      required("export_name", TEXT),
      required("last_token", INTEGER)),
  /**
   * Every schema each export was seen with (schema drift); dumps of stores before it lack it and
   * still load.
   */
  EXPORT_SCHEMAS(
      "export_schemas",
      List.of("export_name", "version"),
      required("export_name", TEXT),
      required("version", INTEGER),
      optional("run_id", TEXT),
      required("status", TEXT),
      required("fingerprint", TEXT),
      required("columns_json", TEXT),
      required("recorded_at", INSTANT));

  private final String tableName;
  private final List<String> key;
  private final List<DumpColumn> columns;

  DumpTable(String tableName, List<String> key, DumpColumn... columns) {
    this.tableName = tableName;
    this.key = key;
    this.columns = List.of(columns);
  }

  /** The table's name in the state schema, and its key in a JSON dump. */
  public String tableName() {
    return tableName;
  }

  /** The columns of its primary key, in order. */
  public List<String> key() {
    return key;
  }

  public List<DumpColumn> columns() {
    return columns;
  }

  /** The column's position in {@link #columns()}, or -1. */
  public int indexOf(String column) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(column)) {
        return i;
      }
    }
    return -1;
  }

  /** The column names, comma-separated, for error messages and SQL column lists. */
  public String columnList() {
    return columns.stream().map(DumpColumn::name).collect(Collectors.joining(", "));
  }

  /** Whether a dump may end without this table: it is newer than dumps that must still load. */
  public boolean mayBeAbsent() {
    return this == EXPORT_SCHEMAS;
  }

  /** The table named {@code name} (exactly as in the schema), if it is dumped. */
  public static Optional<DumpTable> named(String name) {
    return Arrays.stream(values()).filter(t -> t.tableName.equals(name)).findFirst();
  }

  /** Every dumped table's name, in order, for error messages. */
  public static String names() {
    return Arrays.stream(values()).map(DumpTable::tableName).collect(Collectors.joining(", "));
  }
}
