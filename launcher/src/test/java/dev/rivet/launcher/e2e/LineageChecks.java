package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rivet.launcher.e2e.LineageRows.Row;
import dev.rivet.launcher.e2e.SourceRowHash.Kind;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Checks of exported rows with lineage columns against the source database they came from. */
final class LineageChecks {
  /** Opens a connection to the source. */
  @FunctionalInterface
  interface Source {
    Connection connect() throws SQLException;
  }

  private LineageChecks() {}

  /**
   * Every row carries the run's id and the plan's time, rows came from every file of the run, and
   * each row's hash equals {@code expectedHashes} of its id.
   */
  static void assertLineage(List<Row> rows, Path runDir, Map<Long, Long> expectedHashes)
      throws Exception {
    String runId = runDir.getFileName().toString();
    JsonNode manifest = manifest(runDir);
    Instant plannedAt =
        Instant.parse(manifest.get("planned_at").asText()).truncatedTo(ChronoUnit.MICROS);
    assertThat(manifest.get("run_id").asText()).isEqualTo(runId);
    assertThat(rows).isNotEmpty();
    assertThat(rows).allSatisfy(row -> assertThat(row.runId()).isEqualTo(runId));
    assertThat(rows).allSatisfy(row -> assertThat(row.exportedAt()).isEqualTo(plannedAt));
    assertThat(rows.stream().map(Row::file).distinct().count())
        .as("rows from every file")
        .isEqualTo(manifest.get("files").size());
    for (Row row : rows) {
      assertThat(row.rowHash()).as("row %d", row.id()).isEqualTo(expectedHashes.get(row.id()));
    }
  }

  /** The rows' {@code id|note|total} equal the rows of {@code truthSql}, value by value. */
  static void assertSourceContent(Source source, String truthSql, List<Row> rows) throws Exception {
    try (Connection c = source.connect()) {
      assertThat(rows.stream().map(Row::text).sorted().toList())
          .isEqualTo(ExportedRows.query(c, truthSql));
    }
  }

  /** Each row's hash by its id; an id seen twice fails. */
  static Map<Long, Long> hashes(List<Row> rows) {
    Map<Long, Long> hashes = new HashMap<>();
    for (Row row : rows) {
      assertThat(hashes.put(row.id(), row.rowHash())).as("row %d once", row.id()).isNull();
    }
    return hashes;
  }

  static Map<Long, Long> expectedHashes(Source source, String sql, List<Kind> kinds)
      throws Exception {
    try (Connection c = source.connect()) {
      return SourceRowHash.byId(c, sql, kinds);
    }
  }

  static JsonNode manifest(Path runDir) throws Exception {
    return new ObjectMapper().readTree(runDir.resolve("manifest.json").toFile());
  }
}
