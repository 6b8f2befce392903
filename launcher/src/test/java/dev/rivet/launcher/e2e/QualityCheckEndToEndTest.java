package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rivet check} on keys a quality contract declares unique: which a primary key or unique
 * index guarantees, on PostgreSQL and MariaDB, and the duplicates counted on request.
 */
@Tag("slow")
class QualityCheckEndToEndTest {
  private static final String PG = "rivet_quality_check";
  private static final String MY = "rivet_quality_check_my";
  private static final String CONTRACT = "quality: {unique_columns: [id, [note, a, b], code]}";

  @TempDir Path dir;

  @BeforeAll
  static void createTables() throws Exception {
    TestDatabase.execute(
        "DROP SCHEMA IF EXISTS " + PG + " CASCADE",
        "CREATE SCHEMA " + PG,
        "CREATE TABLE " + PG + ".t (id bigint PRIMARY KEY, a int, b int, code int, note text)",
        "CREATE UNIQUE INDEX t_a_b ON " + PG + ".t (a, b)",
        "CREATE UNIQUE INDEX t_code_partial ON " + PG + ".t (code) WHERE code > 1000",
        "INSERT INTO "
            + PG
            + ".t SELECT g, g % 10, g / 10, g % 97, 'n' FROM generate_series(1, 200) g",
        "UPDATE " + PG + ".t SET code = NULL WHERE id > 190",
        "ANALYZE " + PG + ".t");
    TestMariaDb.execute(
        "DROP DATABASE IF EXISTS " + MY,
        "CREATE DATABASE " + MY,
        "CREATE TABLE "
            + MY
            + ".t (id BIGINT PRIMARY KEY, a INT, b INT, code INT, note VARCHAR(10),"
            + " UNIQUE KEY t_a_b (a, b))",
        "INSERT INTO "
            + MY
            + ".t SELECT seq, seq % 10, seq DIV 10, seq % 97, 'n' FROM seq_1_to_200",
        "UPDATE " + MY + ".t SET code = NULL WHERE id > 190",
        "ANALYZE TABLE " + MY + ".t");
  }

  @AfterAll
  static void dropTables() throws Exception {
    TestDatabase.execute("DROP SCHEMA IF EXISTS " + PG + " CASCADE");
    TestMariaDb.execute("DROP DATABASE IF EXISTS " + MY);
  }

  @Test
  void shouldTellWhichDeclaredKeysAnIndexGuaranteesOnPostgres() throws Exception {
    Path config =
        new QualityRuns(dir, TestDatabase.sourceYaml())
            .config("pg", "csv", "table: " + PG + ".t", CONTRACT);

    Cli.Result text = Cli.run("check", "-c", config.toString());

    assertThat(text.exitCode()).as(text.toString()).isZero();
    assertThat(text.out())
        .contains("[id]: guaranteed by unique index t_pkey")
        .contains("[note, a, b]: guaranteed by unique index t_a_b")
        .contains(
            "[code]: NOT guaranteed by a primary key or unique index; --count-duplicates counts"
                + " them (one full scan of the source with a GROUP BY over the key)");

    Cli.Result counted =
        Cli.run("check", "-c", config.toString(), "--count-duplicates", "--output", "json");

    assertThat(counted.exitCode()).as(counted.toString()).isZero();
    JsonNode keys =
        new ObjectMapper().readTree(counted.out()).path("exports").get(0).path("unique_keys");
    assertThat(keys).hasSize(3);
    assertThat(keys.get(0).path("index").asText()).isEqualTo("t_pkey");
    assertThat(keys.get(0).path("duplicate_rows").asLong()).isZero();
    assertThat(keys.get(2).path("indexed").asBoolean()).isFalse();
    try (Connection c = TestDatabase.connect()) {
      assertThat(
              keys.get(2).path("duplicate_keys").asText()
                  + "|"
                  + keys.get(2).path("duplicate_rows").asText())
          .isEqualTo(
              ExportedRows.query(
                      c,
                      "SELECT count(*), sum(n - 1) FROM (SELECT count(*) AS n FROM "
                          + PG
                          + ".t WHERE code IS NOT NULL GROUP BY code HAVING count(*) > 1) d")
                  .get(0));
    }
  }

  @Test
  void shouldTellWhichDeclaredKeysAnIndexGuaranteesOnMariaDb() throws Exception {
    Path config =
        new QualityRuns(dir, TestMariaDb.sourceYaml())
            .config("my", "csv", "table: " + MY + ".t", CONTRACT);

    Cli.Result result = Cli.run("check", "-c", config.toString(), "--count-duplicates");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    String expected;
    try (Connection c = TestMariaDb.connect()) {
      List<String> truth =
          ExportedRows.query(
              c,
              "SELECT count(*), sum(n - 1) FROM (SELECT count(*) AS n FROM "
                  + MY
                  + ".t WHERE code IS NOT NULL GROUP BY code HAVING count(*) > 1) d");
      String[] counts = truth.get(0).split("\\|");
      expected = "duplicates now: " + counts[0] + " key(s), " + counts[1] + " extra row(s)";
    }
    assertThat(result.out())
        .contains("[id]: guaranteed by unique index PRIMARY; duplicates now: 0 key(s), 0 extra")
        .contains("[note, a, b]: guaranteed by unique index t_a_b")
        .contains("[code]: NOT guaranteed by a primary key or unique index; " + expected);
  }
}
