package dev.rivet.launcher.config;

import static dev.rivet.launcher.config.ConfigFiles.loadError;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mistakes in the exports and defaults sections, and what the message says about them. */
class ExportConfigErrorTest {
  @TempDir Path dir;

  private static final String SOURCE = "source:\n  url: postgresql://app@db/shop\n";

  @Test
  void shouldRejectUnknownKeyWithSuggestionAndPosition() {
    ConfigException e =
        loadError(
            dir,
            """
            source:
              url: postgresql://app@db/shop
            defaults:
              parallelism: 2
            exports:
              - name: orders
                table: public.orders
                destination: ./out
                formt: csv
            """);

    assertThat(e.getMessage())
        .endsWith(
            "rivet.yaml:9:5: exports[0].formt: unknown key; did you mean 'format'? (valid keys:"
                + " name, from, table, query, query_file, mode, cursor, chunk, window, columns,"
                + " allow_lossy, format,"
                + " compression, destination, chunk_rows, fetch_size, parallelism, consistency,"
                + " row_group_size, batch_size_memory_mb, max_value_size, on_infinity, on_zero_date, on_array_lower_bound, on_schema_drift, max_file_size, max_rows_per_file,"
                + " retries, tuning, meta_columns, shape_drift_warn_factor,"
                + " shape_drift_null_ratio_jump, quality, on_quality_failure)");
  }

  @Test
  void shouldRejectKeysThatOnlyBelongToExportsInDefaults() {
    ConfigException e = loadError(dir, SOURCE + "defaults:\n  table: x\nexports: []\n");

    assertThat(e.getMessage()).contains("rivet.yaml:4:3: defaults.table: unknown key");
  }

  @Test
  void shouldRejectInvalidEnumValueWithSuggestionAndValidValues() {
    ConfigException e =
        loadError(
            dir,
            SOURCE
                + """
                exports:
                  - name: orders
                    table: public.orders
                    destination: ./out
                    compression: zstdd
                """);

    assertThat(e.getMessage())
        .endsWith(
            "rivet.yaml:7:18: exports[0].compression: 'zstdd' is not a valid value; did you mean"
                + " 'zstd'? (valid: zstd, snappy, gzip, lz4, none)");
    assertThat(e.hint()).contains("zstd, snappy, gzip, lz4, none");
  }

  @Test
  void shouldRejectAnUnknownSchemaDriftPolicyWithSuggestionAndValidValues() {
    ConfigException e =
        loadError(
            dir, SOURCE + "defaults:\n  on_schema_drift: wran\nexports: [{name: a, table: a}]\n");

    assertThat(e.getMessage())
        .endsWith(
            "rivet.yaml:4:20: defaults.on_schema_drift: 'wran' is not a valid value; did you mean"
                + " 'warn'? (valid: warn, fail, continue)");
  }

  @Test
  void shouldRejectInvalidValueInDefaultsWithItsPath() {
    ConfigException e =
        loadError(
            dir, SOURCE + "defaults:\n  on_infinity: clmap\nexports: [{name: a, table: a}]\n");

    assertThat(e.getMessage())
        .contains(
            "rivet.yaml:4:16: defaults.on_infinity: 'clmap' is not a valid value; did you mean"
                + " 'clamp'?");
  }

  @Test
  void shouldRejectNonIntegerWhereAnIntegerIsExpected() {
    ConfigException e =
        loadError(
            dir, SOURCE + "exports:\n  - {name: a, table: a, destination: o, parallelism: lots}\n");

    assertThat(e.getMessage())
        .contains(
            "exports[0].parallelism: 'lots' is not an integer (expected a whole number from 1 to"
                + " 1024)");
    assertThat(e.getMessage()).contains("nor auto");
    assertThat(e.hint()).contains("parallelism: auto");
  }

  @Test
  void shouldReportARangeTheExportSpecRejectsAtTheKeyThatSetIt() {
    ConfigException tooParallel =
        loadError(
            dir,
            SOURCE
                + "defaults:\n  parallelism: 2000\nexports:\n  - {name: a, table: a,"
                + " destination: o}\n");
    ConfigException tooLong =
        loadError(
            dir,
            SOURCE
                + "exports:\n  - {name: a, table: a, destination: o,"
                + " tuning: {pause_between_chunks: 11m}}\n");

    assertThat(tooParallel.getMessage())
        .contains(
            "rivet.yaml:4:16: defaults.parallelism: 2000 is out of range (expected a whole number"
                + " from 1 to 1024)");
    assertThat(tooLong.getMessage())
        .contains(
            "exports[0].tuning.pause_between_chunks: 11m is out of range (expected 0 to 10m)");
  }

  @Test
  void shouldRejectIntegerBelowMinimum() {
    ConfigException e =
        loadError(
            dir, SOURCE + "exports:\n  - {name: a, table: a, destination: o, chunk_rows: 0}\n");

    assertThat(e.getMessage())
        .contains(
            "exports[0].chunk_rows: 0 is out of range (expected a whole number from 1 to"
                + " 1000000000)");
  }

  @Test
  void shouldStateTheFullRangeOfEveryNumberWithTheValueAsWritten() {
    String[][] cases = {
      {"parallelism: 100000", "parallelism: 100000", "from 1 to 1024"},
      {"parallelism: 99999999999", "parallelism: 99999999999", "from 1 to 1024"},
      {"chunk_rows: 99999999999", "chunk_rows: 99999999999", "from 1 to 1000000000"},
      {"chunk_rows: 99999999999999999999", "chunk_rows: 99999999999999999999", "from 1 to"},
      {"fetch_size: 99999999999", "fetch_size: 99999999999", "from 1 to 1000000"},
      {"fetch_size: 0", "fetch_size: 0", "from 1 to 1000000"},
      {"max_rows_per_file: 0", "max_rows_per_file: 0", "from 1 to 1000000000"},
      {"retries: {attempts: 99999999999}", "retries.attempts: 99999999999", "from 1 to 100"}
    };
    for (String[] c : cases) {
      ConfigException e =
          loadError(
              dir, SOURCE + "exports:\n  - {name: a, table: a, destination: o, " + c[0] + "}\n");

      assertThat(e.getMessage())
          .as(c[0])
          .contains("exports[0]." + c[1] + " is out of range (expected a whole number " + c[2])
          .doesNotContain("or more");
      assertThat(e.hint()).as(c[0]).contains(c[2]);
    }
  }

  @Test
  void shouldRejectSizeWithUnknownUnit() {
    ConfigException e =
        loadError(
            dir,
            SOURCE + "exports:\n  - {name: a, table: a, destination: o, row_group_size: 64MV}\n");

    assertThat(e.getMessage())
        .contains(
            "exports[0].row_group_size: '64MV' has an unknown unit 'MV'; did you mean '64MB'?");
  }

  @Test
  void shouldRejectRowGroupSizeBelowOneMebibyte() {
    ConfigException e =
        loadError(
            dir,
            SOURCE + "exports:\n  - {name: a, table: a, destination: o, row_group_size: 1MB}\n");

    assertThat(e.getMessage())
        .contains(
            "exports[0].row_group_size: 1000000 bytes is below the minimum of 1048576 bytes"
                + " (1MiB)");
  }

  @Test
  void shouldRejectMissingRequiredName() {
    ConfigException e =
        loadError(dir, SOURCE + "exports:\n  - table: public.orders\n    destination: out\n");

    assertThat(e.getMessage()).contains("rivet.yaml:4:5: exports[0].name: required key is missing");
    assertThat(e.hint()).contains("add name: <value> under exports[0]");
  }

  @Test
  void shouldRejectMissingExports() {
    ConfigException e = loadError(dir, SOURCE);

    assertThat(e.getMessage()).contains("rivet.yaml:1:1: exports: no exports are defined");
  }

  @Test
  void shouldRejectEmptyExportList() {
    ConfigException e = loadError(dir, SOURCE + "exports: []\n");

    assertThat(e.getMessage()).contains("rivet.yaml:3:10: exports: the list is empty");
  }

  @Test
  void shouldRejectExportsWrittenAsAMapping() {
    ConfigException e = loadError(dir, SOURCE + "exports:\n  name: a\n  table: a\n");

    assertThat(e.getMessage()).contains("rivet.yaml:4:3: exports: expected a list, got a mapping");
  }

  @Test
  void shouldRejectDuplicateExportNames() {
    ConfigException e =
        loadError(
            dir,
            SOURCE
                + """
                exports:
                  - {name: orders, table: a, destination: o}
                  - {name: Orders, table: b, destination: o}
                """);

    assertThat(e.getMessage())
        .contains("rivet.yaml:5:12: exports[1].name: 'Orders' is already the name of exports[0]");
  }

  @Test
  void shouldRejectInvalidExportName() {
    ConfigException e =
        loadError(dir, SOURCE + "exports:\n  - {name: orders/2024, table: a, destination: o}\n");

    assertThat(e.getMessage())
        .contains("exports[0].name: 'orders/2024' is not a valid export name");
    assertThat(e.hint()).contains("orders_2024");
  }

  @Test
  void shouldSuggestAnExportNameThatIsItselfValid() {
    ConfigException e =
        loadError(dir, SOURCE + "exports:\n  - {name: ../../escape, table: a, destination: o}\n");

    assertThat(e.getMessage())
        .contains("exports[0].name: '../../escape' is not a valid export name");
    assertThat(e.hint()).endsWith("use e.g. escape");
  }

  @Test
  void shouldRejectAnExportNameTooLongForAFolderName() {
    String name = "n".repeat(300);

    ConfigException e =
        loadError(dir, SOURCE + "exports:\n  - {name: " + name + ", table: a, destination: o}\n");

    assertThat(e.getMessage())
        .contains(
            "rivet.yaml:4:12: exports[0].name: '"
                + "n".repeat(40)
                + "...' is 300 characters long, above the maximum of 200");
    assertThat(e.hint()).contains("at most 200 characters");
  }

  @Test
  void shouldRejectTableTogetherWithQuery() {
    ConfigException e =
        loadError(
            dir,
            SOURCE
                + """
                exports:
                  - name: a
                    table: public.a
                    query: SELECT 1
                    destination: o
                """);

    assertThat(e.getMessage())
        .contains(
            "rivet.yaml:6:12: exports[0].query: cannot be combined with exports[0].table"
                + " (mutually exclusive: from, table, query, query_file)");
  }

  @Test
  void shouldRejectExportWithoutTableOrQuery() {
    ConfigException e = loadError(dir, SOURCE + "exports:\n  - name: a\n    destination: o\n");

    assertThat(e.getMessage()).contains("exports[0]: needs one of from, table, query, query_file");
  }

  @Test
  void shouldRejectMissingDestinationMentioningDefaults() {
    ConfigException e = loadError(dir, SOURCE + "exports:\n  - {name: a, table: a}\n");

    assertThat(e.getMessage())
        .contains(
            "exports[0].destination: required key is missing (set it here or in"
                + " defaults.destination)");
  }

  @Test
  void shouldRejectAnUnsupportedDestinationSchemeListingTheValidOnes() {
    ConfigException e =
        loadError(dir, SOURCE + "exports:\n  - {name: a, table: a, destination: 'ftp://host/x'}\n");

    assertThat(e.getMessage())
        .contains(
            "exports[0].destination: 'ftp://host/x' has an unsupported scheme 'ftp' (valid: a"
                + " local directory, file:///absolute/path, s3://bucket/prefix,"
                + " gs://bucket/prefix, or - for standard output)");
  }

  @Test
  void shouldRejectMissingQueryFileWithAbsolutePath() {
    ConfigException e =
        loadError(dir, SOURCE + "exports: [{name: a, query_file: sql/a.sql, destination: o}]\n");

    assertThat(e.getMessage())
        .contains("exports[0].query_file: file " + dir.resolve("sql/a.sql") + " does not exist");
  }
}
