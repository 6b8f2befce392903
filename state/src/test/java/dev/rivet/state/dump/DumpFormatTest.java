package dev.rivet.state.dump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DumpFormatTest {
  private static final Instant EXPORTED = Instant.parse("2025-03-01T10:15:30.123456Z");
  private static final DumpHeader HEADER = new DumpHeader(1, "sqlite", "8", EXPORTED);
  private static final String TRICKY = "it's; -- not a comment\nline 2 'quoted' ünïcode \"x\"";

  @Test
  void shouldWriteJsonWithTheHeaderFirstAndOneRowPerLine() {
    String json = write(DumpFormat.JSON, List.of(tokenRow("orders", 3)));

    assertThat(json)
        .isEqualTo(
            "{\n"
                + "  \"format\": \"rivet-state\",\n"
                + "  \"schema_version\": 1,\n"
                + "  \"store\": {\"kind\": \"sqlite\", \"schema_version\": \"8\"},\n"
                + "  \"exported_at\": \"2025-03-01T10:15:30.123456Z\",\n"
                + "  \"runs\": [],\n"
                + "  \"chunks\": [],\n"
                + "  \"files\": [],\n"
                + "  \"chunk_errors\": [],\n"
                + "  \"cursors\": [],\n"
                + "  \"lease_tokens\": [\n"
                + "    {\"export_name\": \"orders\", \"last_token\": 3}\n"
                + "  ],\n"
                + "  \"export_schemas\": []\n"
                + "}\n");
  }

  @Test
  void shouldWriteSqlThatInsertsEveryRowBetweenBeginAndCommit() {
    String sql = write(DumpFormat.SQL, List.of(tokenRow("it's", 3)));

    assertThat(sql)
        .startsWith(
            "-- rivet-state schema_version=1 store.kind=sqlite store.schema_version=8"
                + " exported_at=2025-03-01T10:15:30.123456Z\n")
        .contains("BEGIN;\n-- runs\n-- chunks\n")
        .endsWith(
            "-- lease_tokens\n"
                + "INSERT INTO lease_tokens (export_name, last_token) VALUES ('it''s', 3);\n"
                + "-- export_schemas\n"
                + "COMMIT;\n");
  }

  @ParameterizedTest
  @EnumSource(DumpFormat.class)
  void shouldReadBackWhatItWroteValueForValue(DumpFormat format) {
    List<DumpRow> rows = List.of(cursorRow(TRICKY), errorRow(null), tokenRow("orders", 7));

    DumpReader reader = reader(format, write(format, rows));

    assertThat(reader.header()).isEqualTo(HEADER);
    List<DumpRow> read = new ArrayList<>();
    for (DumpRow row = reader.next(); row != null; row = reader.next()) {
      read.add(row);
    }
    assertThat(read)
        .extracting(DumpRow::table)
        .containsExactly(DumpTable.CHUNK_ERRORS, DumpTable.CURSORS, DumpTable.LEASE_TOKENS);
    assertThat(read)
        .extracting(DumpRow::values)
        .containsExactly(
            errorRow(null).values(), cursorRow(TRICKY).values(), tokenRow("orders", 7).values());
    assertThat(read.get(1).origin()).startsWith("dump." + format.wireValue() + ", line ");
  }

  @Test
  void shouldNameTheFileLineAndFieldOfAWrongValue() {
    String json =
        write(DumpFormat.JSON, List.of(tokenRow("orders", 3)))
            .replace("\"last_token\": 3", "\"last_token\": \"three\"");

    assertInvalid(
        DumpFormat.JSON,
        json,
        "dump.json, line 12: lease_tokens[0].last_token is 'three'; expected a whole number");
  }

  @Test
  void shouldRefuseANullWhereAValueIsRequired() {
    String json =
        write(DumpFormat.JSON, List.of(tokenRow("orders", 3)))
            .replace("\"export_name\": \"orders\"", "\"export_name\": null");

    assertInvalid(
        DumpFormat.JSON,
        json,
        "dump.json, line 12: lease_tokens[0].export_name is null; expected a string");
  }

  @Test
  void shouldListTheColumnsOfAnUnknownField() {
    String json =
        write(DumpFormat.JSON, List.of(tokenRow("orders", 3)))
            .replace("\"last_token\"", "\"last_tokens\"");

    assertInvalid(
        DumpFormat.JSON,
        json,
        "dump.json, line 12: lease_tokens[0]: unknown field 'last_tokens'; lease_tokens has"
            + " export_name, last_token");
  }

  @Test
  void shouldRefuseARowWithoutARequiredField() {
    String json =
        write(DumpFormat.JSON, List.of(tokenRow("orders", 3)))
            .replace("\"export_name\": \"orders\", ", "");

    assertInvalid(
        DumpFormat.JSON,
        json,
        "dump.json, line 12: lease_tokens[0]: field export_name is missing; expected a string");
  }

  @Test
  void shouldRefuseTablesOutOfOrder() {
    String json =
        write(DumpFormat.JSON, List.of())
            .replace(
                "  \"runs\": [],\n  \"chunks\": [],\n", "  \"chunks\": [],\n  \"runs\": [],\n");

    assertInvalid(
        DumpFormat.JSON,
        json,
        "dump.json, line 6: expected runs before chunks; the tables come in the order runs,"
            + " chunks, files, chunk_errors, cursors, lease_tokens, export_schemas");
  }

  @Test
  void shouldRefuseAJsonDocumentThatWasCutShort() {
    String json = write(DumpFormat.JSON, List.of(tokenRow("orders", 3)));

    assertThatThrownBy(() -> readAll(DumpFormat.JSON, json.substring(0, json.length() - 20)))
        .isInstanceOfSatisfying(
            RivetException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.USER_CONFIG))
        .hasMessageStartingWith("dump.json, line ")
        .hasMessageContaining("not valid JSON (Unexpected end-of-input");
  }

  @ParameterizedTest
  @EnumSource(DumpFormat.class)
  void shouldRefuseADumpOfANewerSchemaVersion(DumpFormat format) {
    String text =
        write(format, List.of())
            .replace("\"schema_version\": 1", "\"schema_version\": 2")
            .replace("rivet-state schema_version=1", "rivet-state schema_version=2");

    assertThatThrownBy(() -> readAll(format, text))
        .isInstanceOfSatisfying(
            RivetException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(FailureKind.USER_CONFIG);
              assertThat(e.hint()).contains("written by a newer rivet");
            })
        .hasMessage(
            "dump."
                + format.wireValue()
                + ": schema_version is 2; this rivet reads dumps of schema_version 1 to 1");
  }

  @Test
  void shouldRefuseAJsonDocumentThatIsNotADump() {
    assertInvalid(
        DumpFormat.JSON,
        "{\"runs\": []}",
        "dump.json: no format field before the tables: not a dump written by `rivet state"
            + " export`");
  }

  @Test
  void shouldRefuseSqlThatIsNotAnInsertIntoADumpedTable() {
    String sql =
        write(DumpFormat.SQL, List.of(tokenRow("orders", 3)))
            .replace("INSERT INTO lease_tokens", "INSERT INTO leases");

    assertInvalid(
        DumpFormat.SQL,
        sql,
        "dump.sql, line 12: found leases; cannot insert into 'leases'; a dump inserts into runs,"
            + " chunks, files, chunk_errors, cursors, lease_tokens, export_schemas");
  }

  @Test
  void shouldRefuseSqlOtherThanInserts() {
    String sql =
        write(DumpFormat.SQL, List.of(tokenRow("orders", 3)))
            .replace("-- runs\n", "DROP TABLE runs;\n");

    assertInvalid(
        DumpFormat.SQL,
        sql,
        "dump.sql, line 6: found DROP; expected INSERT INTO one of runs, chunks, files,"
            + " chunk_errors, cursors, lease_tokens, export_schemas, or COMMIT");
  }

  @Test
  void shouldRefuseSqlThatWasCutShort() {
    String sql = write(DumpFormat.SQL, List.of(tokenRow("orders", 3)));

    assertInvalid(
        DumpFormat.SQL,
        sql.substring(0, sql.indexOf("'orders") + 4),
        "dump.sql, line 12: a string that starts here is never closed (a cut-off file?)");
    assertInvalid(
        DumpFormat.SQL,
        sql.replace("COMMIT;\n", ""),
        "dump.sql, line 14: found the end of the file; the file ends without COMMIT: it was cut"
            + " short, or is not a whole dump");
  }

  @Test
  void shouldRefuseTextWhereSqlExpectsAWholeNumber() {
    String sql = write(DumpFormat.SQL, List.of(tokenRow("orders", 3))).replace(", 3);", ", '3');");

    assertInvalid(
        DumpFormat.SQL,
        sql,
        "dump.sql, line 12: lease_tokens[0].last_token is '3'; expected a whole number");
  }

  @Test
  void shouldTellTheFormatFromTheFileName() {
    assertThat(DumpFormat.ofFileName("backup.SQL")).isEqualTo(DumpFormat.SQL);
    assertThat(DumpFormat.ofFileName("backup.json")).isEqualTo(DumpFormat.JSON);
    assertThat(DumpFormat.ofFileName("-")).isEqualTo(DumpFormat.JSON);
    assertThatThrownBy(() -> DumpFormat.parse("yaml"))
        .hasMessage("unknown dump format 'yaml'; valid values: json, sql");
  }

  private static DumpRow tokenRow(String export, long token) {
    return new DumpRow(DumpTable.LEASE_TOKENS, List.of(export, token), "");
  }

  private static DumpRow cursorRow(String cursor) {
    return new DumpRow(
        DumpTable.CURSORS,
        List.of(
            "orders",
            cursor,
            "TIMESTAMP",
            "2025-01-01 00:00:00",
            1_735_689_600_000_000L,
            "run-1",
            EXPORTED),
        "");
  }

  private static DumpRow errorRow(String message) {
    return new DumpRow(
        DumpTable.CHUNK_ERRORS,
        Arrays.asList("run-1", 0L, 1L, "SOURCE_TRANSIENT", message, EXPORTED),
        "");
  }

  private static String write(DumpFormat format, List<DumpRow> rows) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DumpWriter writer = format.writer(out);
    writer.header(HEADER);
    for (DumpTable table : DumpTable.values()) {
      writer.table(table);
      rows.stream().filter(r -> r.table() == table).forEach(writer::row);
    }
    writer.finish();
    return out.toString(StandardCharsets.UTF_8);
  }

  private static DumpReader reader(DumpFormat format, String text) {
    return format.reader(
        new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
        "dump." + format.wireValue());
  }

  private static void readAll(DumpFormat format, String text) {
    DumpReader reader = reader(format, text);
    reader.header();
    while (reader.next() != null) {
      // reads every row
    }
  }

  private static void assertInvalid(DumpFormat format, String text, String message) {
    assertThatThrownBy(() -> readAll(format, text))
        .isInstanceOfSatisfying(
            RivetException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(FailureKind.USER_CONFIG);
              assertThat(e.hint()).contains("nothing was imported");
            })
        .hasMessage(message);
  }
}
