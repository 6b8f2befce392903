package dev.rivet.launcher.config;

import static dev.rivet.launcher.config.ConfigFiles.loadError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.plan.MetaColumns;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code meta_columns}: lineage columns per export or in defaults, and their errors. */
class MetaColumnsConfigTest {
  @TempDir Path dir;

  private static final String SOURCE = "source:\n  url: postgresql://app@db/shop\n";

  private RivetConfig load(String yaml) {
    return ConfigLoader.load(ConfigFiles.write(dir, "rivet.yaml", yaml), Map.of());
  }

  /** One export named {@code e} with {@code keys} (one per line, at line 5 on). */
  private static String export(String keys) {
    return SOURCE
        + "exports:\n  - name: e\n    table: orders\n"
        + keys
        + "    destination: ./out\n";
  }

  @Test
  void shouldAddNoLineageColumnsUnlessAsked() {
    assertThat(load(export("")).export("e").metaColumns()).isEqualTo(MetaColumns.NONE);
  }

  @Test
  void shouldReadEachFlagAndAListOfHashColumnsInOrder() {
    assertThat(
            load(export("    meta_columns: {exported_at: true, run_id: yes, row_hash: true}\n"))
                .export("e")
                .metaColumns())
        .isEqualTo(new MetaColumns(true, true, true, List.of()));
    assertThat(
            load(export("    meta_columns:\n      row_hash: [total, id]\n      run_id: false\n"))
                .export("e")
                .metaColumns())
        .isEqualTo(new MetaColumns(false, false, true, List.of("total", "id")));
  }

  @Test
  void shouldTakeMetaColumnsFromDefaultsUnlessTheExportSetsItsOwnWhole() {
    RivetConfig config =
        load(
            SOURCE
                + "defaults:\n  meta_columns: {run_id: true, row_hash: true}\n"
                + "exports:\n"
                + "  - {name: a, table: orders, destination: ./out}\n"
                + "  - {name: b, table: orders, destination: ./out,"
                + " meta_columns: {exported_at: true}}\n");

    assertThat(config.export("a").metaColumns())
        .isEqualTo(new MetaColumns(false, true, true, List.of()));
    assertThat(config.export("b").metaColumns())
        .isEqualTo(new MetaColumns(true, false, false, List.of()));
  }

  @Test
  void shouldRejectAFlagThatIsNotTrueOrFalse() {
    ConfigException e = loadError(dir, export("    meta_columns: {run_id: maybe}\n"));

    assertThat(e.getMessage())
        .endsWith("rivet.yaml:6:28: exports[0].meta_columns.run_id: 'maybe' is not true or false");
    assertThat(e.hint()).isEqualTo("write true or false");
  }

  @Test
  void shouldRejectARowHashThatIsNeitherAFlagNorAList() {
    ConfigException e = loadError(dir, export("    meta_columns: {row_hash: all}\n"));

    assertThat(e.getMessage()).contains("exports[0].meta_columns.row_hash: 'all' is not true");
    assertThat(e.hint()).contains("a list of columns, e.g. [id, total]");
  }

  @Test
  void shouldRejectAnEmptyOrRepeatingListOfHashColumns() {
    assertThat(loadError(dir, export("    meta_columns: {row_hash: []}\n")).getMessage())
        .contains("exports[0].meta_columns.row_hash: the list of columns to hash is empty");
    assertThat(
            loadError(dir, export("    meta_columns: {row_hash: [id, note, id]}\n")).getMessage())
        .contains("exports[0].meta_columns.row_hash[2]: lists column 'id' twice");
  }

  @Test
  void shouldRejectAnUnknownKeyWithASuggestion() {
    ConfigException e = loadError(dir, export("    meta_columns: {row_hsh: true}\n"));

    assertThat(e.getMessage())
        .contains("exports[0].meta_columns.row_hsh: unknown key; did you mean 'row_hash'?")
        .contains("(valid keys: exported_at, run_id, row_hash)");
  }

  @Test
  void shouldRejectABadValueInDefaultsEvenWhenEveryExportSetsItsOwn() {
    ConfigException e =
        loadError(
            dir,
            SOURCE
                + "defaults:\n  meta_columns: {run_id: 1}\n"
                + "exports:\n  - {name: a, table: orders, destination: ./out,"
                + " meta_columns: {run_id: true}}\n");

    assertThat(e.getMessage()).contains("defaults.meta_columns.run_id: '1' is not true or false");
  }
}
