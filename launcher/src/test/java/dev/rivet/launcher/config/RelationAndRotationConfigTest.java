package dev.rivet.launcher.config;

import static dev.rivet.launcher.config.ConfigFiles.loadError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.plan.FileRotation;
import dev.rivet.kernel.plan.QueryText;
import dev.rivet.kernel.plan.TableRef;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code from:} telling tables from queries, {@code table:} refusing queries, file rotation. */
class RelationAndRotationConfigTest {
  @TempDir Path dir;

  private static final String SOURCE = "source:\n  url: postgresql://app@db/shop\n";

  private RivetConfig load(String yaml) {
    return ConfigLoader.load(ConfigFiles.write(dir, "rivet.yaml", yaml), Map.of());
  }

  /** One export named {@code e} with {@code keys} (one per line, at line 5 on). */
  private String export(String keys) {
    return SOURCE + "exports:\n  - name: e\n" + keys + "    destination: ./out\n";
  }

  @Test
  void shouldReadFromAsATableForANameOrSchemaQualifiedName() {
    assertThat(load(export("    from: orders\n")).export("e").relation())
        .isEqualTo(new TableRef(null, "orders"));
    assertThat(load(export("    from: sales.order_lines\n")).export("e").relation())
        .isEqualTo(new TableRef("sales", "order_lines"));
  }

  @Test
  void shouldReadFromAsAQueryWhenItStartsWithSelectOrWith() {
    assertThat(load(export("    from: SELECT id, total FROM orders WHERE total > 5\n")).export("e"))
        .extracting(spec -> spec.relation())
        .isEqualTo(new QueryText("SELECT id, total FROM orders WHERE total > 5"));
    assertThat(
            load(export(
                    "    from: |\n"
                        + "      with recent as (select * from orders)\n"
                        + "      select * from recent;\n"))
                .export("e")
                .relation())
        .isEqualTo(new QueryText("with recent as (select * from orders)\nselect * from recent"));
  }

  @Test
  void shouldReadATableWhoseNameMerelyStartsWithAQueryWord() {
    assertThat(load(export("    from: selections\n")).export("e").relation())
        .isEqualTo(new TableRef(null, "selections"));
    assertThat(load(export("    table: with_tax\n")).export("e").relation())
        .isEqualTo(new TableRef(null, "with_tax"));
  }

  @Test
  void shouldRejectAFromValueThatIsNeitherATableNameNorAQuery() {
    ConfigException e = loadError(dir, export("    from: orders o join items i on o.id = i.id\n"));

    assertThat(e.getMessage())
        .endsWith(
            "rivet.yaml:5:11: exports[0].from: cannot tell whether this is a table or a query (a"
                + " table is name or schema.name; a query starts with SELECT or WITH)");
    assertThat(e.hint()).isEqualTo("write it under table: or query: to say which");
  }

  @Test
  void shouldRejectAQueryUnderTableSuggestingQuery() {
    ConfigException e = loadError(dir, export("    table: SELECT id FROM orders\n"));

    assertThat(e.getMessage())
        .endsWith(
            "rivet.yaml:5:12: exports[0].table: 'SELECT id FROM orders' is a query, not a table name");
    assertThat(e.hint())
        .isEqualTo("write it under query: (or from:, which tells tables and queries apart)");
  }

  @Test
  void shouldAbbreviateALongQueryUnderTable() {
    ConfigException e =
        loadError(
            dir,
            export(
                "    table: |\n"
                    + "      (SELECT id, customer_id, total, created_at\n"
                    + "       FROM orders WHERE total > 100)\n"));

    assertThat(e.getMessage())
        .endsWith(
            "rivet.yaml:5:12: exports[0].table: '(SELECT id, customer_id, total, creat...' is a"
                + " query, not a"
                + " table name");
  }

  @Test
  void shouldRejectFromTogetherWithTable() {
    ConfigException e = loadError(dir, export("    from: orders\n    table: orders\n"));

    assertThat(e.getMessage())
        .endsWith(
            "rivet.yaml:6:12: exports[0].table: cannot be combined with exports[0].from"
                + " (mutually exclusive: from, table, query, query_file)");
  }

  @Test
  void shouldReadRotationLimitsOfAnExport() {
    RivetConfig config =
        load(export("    table: t\n    max_file_size: 256MiB\n    max_rows_per_file: 1_000_000\n"));

    assertThat(config.export("e").rotation())
        .isEqualTo(new FileRotation(256L * 1024 * 1024, 1_000_000));
  }

  @Test
  void shouldNotRotateWithoutLimits() {
    assertThat(load(export("    table: t\n")).export("e").rotation()).isEqualTo(FileRotation.NONE);
  }

  @Test
  void shouldTakeRotationLimitsFromDefaultsUnlessTheExportSetsThem() {
    RivetConfig config =
        load(
            SOURCE
                + """
                defaults:
                  max_file_size: 1GB
                  max_rows_per_file: 5000000
                exports:
                  - {name: a, table: a, destination: out}
                  - {name: b, table: b, destination: out, max_rows_per_file: 10}
                """);

    assertThat(config.export("a").rotation()).isEqualTo(new FileRotation(1_000_000_000, 5_000_000));
    assertThat(config.export("b").rotation()).isEqualTo(new FileRotation(1_000_000_000, 10));
  }

  @Test
  void shouldRejectAMaxFileSizeBelowOneMebibyte() {
    ConfigException e = loadError(dir, export("    table: t\n    max_file_size: 10KB\n"));

    assertThat(e.getMessage())
        .endsWith(
            "rivet.yaml:6:20: exports[0].max_file_size: '10KB' is 10000 bytes, below the minimum"
                + " of 1048576 bytes");
  }

  @Test
  void shouldRejectABadMaxFileSizeInDefaults() {
    ConfigException e =
        loadError(
            dir,
            SOURCE
                + "defaults:\n  max_file_size: huge\nexports: [{name: a, table: a, destination: o}]\n");

    assertThat(e.getMessage()).contains("rivet.yaml:4:18: defaults.max_file_size: ");
  }

  @Test
  void shouldRejectZeroMaxRowsPerFile() {
    ConfigException e = loadError(dir, export("    table: t\n    max_rows_per_file: 0\n"));

    assertThat(e.getMessage())
        .endsWith(
            "rivet.yaml:6:24: exports[0].max_rows_per_file: 0 is out of range (expected a whole"
                + " number from 1 to 1000000000)");
  }
}
