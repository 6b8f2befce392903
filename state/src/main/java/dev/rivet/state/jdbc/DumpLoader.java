package dev.rivet.state.jdbc;

import static dev.rivet.state.jdbc.Statements.bind;

import dev.rivet.kernel.codec.PlanCodec;
import dev.rivet.kernel.file.WrittenFile;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.KeyType;
import dev.rivet.kernel.schema.ExportSchema;
import dev.rivet.kernel.schema.SchemaCodec;
import dev.rivet.kernel.shape.ColumnProfile;
import dev.rivet.state.ChunkStatus;
import dev.rivet.state.RunStatus;
import dev.rivet.state.SchemaStatus;
import dev.rivet.state.dump.DumpCounts;
import dev.rivet.state.dump.DumpErrors;
import dev.rivet.state.dump.DumpRow;
import dev.rivet.state.dump.DumpTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks the rows of a dump in order and inserts them in batches, one statement per table, in the
 * caller's transaction. Keeps only the keys of runs and chunks, which later rows must refer to.
 */
final class DumpLoader {
  private static final int BATCH = 500;

  private final Connection c;
  private final StoreDialect dialect;
  private final Map<String, Long> tokensBefore;
  private final DumpCounts counts = new DumpCounts();
  private final Set<String> runs = new HashSet<>();
  private final Set<String> chunks = new HashSet<>();
  private DumpTable table;
  private PreparedStatement insert;
  private int batched;

  /**
   * @param tokensBefore the lease tokens of the store before it was emptied for the load, by
   *     export: a dumped token lower than one of them is raised to it, and those the dump lacks are
   *     kept
   */
  DumpLoader(Connection c, StoreDialect dialect, Map<String, Long> tokensBefore) {
    this.c = c;
    this.dialect = dialect;
    this.tokensBefore = new HashMap<>(tokensBefore);
  }

  void add(DumpRow row) throws SQLException {
    if (row.table() != table) {
      if (table != null && row.table().ordinal() < table.ordinal()) {
        throw DumpErrors.invalid(
            row.origin(),
            "a row of "
                + row.table().tableName()
                + " after rows of "
                + table.tableName()
                + "; the tables come in the order "
                + DumpTable.names());
      }
      flush();
      table = row.table();
      insert =
          c.prepareStatement(
              "INSERT INTO "
                  + table.tableName()
                  + " ("
                  + table.columnList()
                  + ") VALUES ("
                  + String.join(", ", Collections.nCopies(table.columns().size(), "?"))
                  + ")");
    }
    List<Object> values = new ArrayList<>(row.values());
    check(row, values);
    for (int i = 0; i < values.size(); i++) {
      if (values.get(i) instanceof Instant instant) {
        values.set(i, dialect.instant(instant));
      }
    }
    bind(insert, values.toArray());
    insert.addBatch();
    counts.add(table);
    if (++batched == BATCH) {
      insert.executeBatch();
      batched = 0;
    }
  }

  /**
   * Inserts what is batched, and the lease tokens of the replaced store the dump lacks.
   *
   * @return how many rows of each table were loaded
   */
  DumpCounts finish() throws SQLException {
    flush();
    for (Map.Entry<String, Long> token : tokensBefore.entrySet()) {
      Statements.update(
          c,
          "INSERT INTO lease_tokens (export_name, last_token) VALUES (?, ?)",
          token.getKey(),
          token.getValue());
    }
    return counts;
  }

  private void flush() throws SQLException {
    if (insert != null) {
      if (batched > 0) {
        insert.executeBatch();
      }
      insert.close();
      insert = null;
      batched = 0;
    }
  }

  /** Checks what the columns' types do not: statuses, plans, references, duplicates. */
  private void check(DumpRow row, List<Object> values) {
    switch (row.table()) {
      case RUNS:
        String runId = row.text("run_id");
        if (!runs.add(runId)) {
          throw DumpErrors.invalid(row.at("run_id"), "run '" + runId + "' appears twice");
        }
        set(values, row, "status", parsed(row, "status", s -> RunStatus.parse(s).wireValue()));
        checkPlan(row, runId);
        break;
      case CHUNKS:
        requireRun(row);
        if (!chunks.add(chunkKey(row))) {
          throw DumpErrors.invalid(
              row.at("chunk_index"),
              "chunk "
                  + row.integer("chunk_index")
                  + " of run '"
                  + row.text("run_id")
                  + "' appears twice");
        }
        set(values, row, "status", parsed(row, "status", s -> ChunkStatus.parse(s).wireValue()));
        break;
      case FILES:
        if (!chunks.contains(chunkKey(row))) {
          throw DumpErrors.invalid(
              row.origin(),
              "chunk "
                  + row.integer("chunk_index")
                  + " of run '"
                  + row.text("run_id")
                  + "' is not among the dump's chunks");
        }
        Map<String, Long> warnings =
            parsed(row, "warnings", w -> WarningsColumn.read(w, row.text("path")));
        List<ColumnProfile> profile =
            parsed(row, "profile", p -> ProfileColumn.read(p, row.text("path")));
        try {
          new WrittenFile(
              row.text("run_id"),
              row.integer("chunk_index").intValue(),
              row.integer("file_index").intValue(),
              row.text("path"),
              row.integer("rows_written"),
              row.integer("bytes"),
              row.text("sha256"),
              warnings,
              profile);
        } catch (IllegalArgumentException e) {
          throw DumpErrors.invalid(row.origin(), e.getMessage());
        }
        break;
      case CHUNK_ERRORS:
        requireRun(row);
        break;
      case CURSORS:
        String keyType = row.text("key_type");
        if (Arrays.stream(KeyType.values()).noneMatch(k -> k.name().equals(keyType))) {
          throw DumpErrors.field(
              row.at("key_type"),
              "is '"
                  + keyType
                  + "'; expected one of "
                  + Arrays.stream(KeyType.values())
                      .map(Enum::name)
                      .collect(Collectors.joining(", ")));
        }
        break;
      case LEASE_TOKENS:
        Long before = tokensBefore.remove(row.text("export_name"));
        if (before != null && before > row.integer("last_token")) {
          // Fencing tokens never go down in a store: keep the replaced store's higher one.
          set(values, row, "last_token", before);
        }
        break;
      case EXPORT_SCHEMAS:
        set(values, row, "status", parsed(row, "status", st -> SchemaStatus.parse(st).wireValue()));
        ExportSchema schema = parsed(row, "columns_json", SchemaCodec::read);
        if (!schema.fingerprint().equals(row.text("fingerprint"))) {
          throw DumpErrors.field(
              row.at("fingerprint"),
              "is '"
                  + row.text("fingerprint")
                  + "'; expected '"
                  + schema.fingerprint()
                  + "', the SHA-256 of columns_json's schema");
        }
        break;
      default:
        break;
    }
  }

  private void checkPlan(DumpRow row, String runId) {
    ExportPlan plan = parsed(row, "plan_json", json -> PlanCodec.read(runId, json));
    if (!plan.runId().equals(runId) || !plan.export().name().equals(row.text("export_name"))) {
      throw DumpErrors.field(
          row.at("plan_json"),
          "is the plan of run '"
              + plan.runId()
              + "' of export '"
              + plan.export().name()
              + "'; expected run '"
              + runId
              + "' of export '"
              + row.text("export_name")
              + "'");
    }
  }

  private void requireRun(DumpRow row) {
    if (!runs.contains(row.text("run_id"))) {
      throw DumpErrors.invalid(
          row.at("run_id"), "run '" + row.text("run_id") + "' is not among the dump's runs");
    }
  }

  private static String chunkKey(DumpRow row) {
    return row.integer("chunk_index") + "/" + row.text("run_id");
  }

  private static void set(List<Object> values, DumpRow row, String column, Object value) {
    values.set(row.table().indexOf(column), value);
  }

  /** {@code parse} applied to the column's text; a failure names the field and why. */
  private static <T> T parsed(DumpRow row, String column, Parse<T> parse) {
    try {
      return parse.apply(row.text(column));
    } catch (RuntimeException e) {
      throw DumpErrors.invalid(row.at(column), e.getMessage());
    }
  }

  private interface Parse<T> {
    T apply(String text);
  }
}
