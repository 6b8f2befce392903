package dev.rivet.launcher.config;

import static dev.rivet.launcher.config.ConfigFiles.loadError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.plan.OnQualityFailure;
import dev.rivet.kernel.plan.QualityContract;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code quality} and {@code on_quality_failure}: per export or in defaults, and their errors. */
class QualityConfigTest {
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
  void shouldHaveNoContractWhenQualityIsNotSet() {
    assertThat(load(export("")).export("e").quality()).isNull();
  }

  @Test
  void shouldReadEveryCheckWithPercentagesAndCompositeKeys() {
    QualityContract contract =
        load(export(
                """
                    quality:
                      row_count_min: 1_000
                      row_count_max: 5000000
                      row_count_change_max: 50%
                      null_ratio_max: {email: 0.05, phone: 12.5%}
                      unique_columns: [id, [customer_id, order_no]]
                      accepted_values: {status: [new, paid, shipped]}
                    on_quality_failure: warn
                """))
            .export("e")
            .quality();

    assertThat(contract)
        .isEqualTo(
            new QualityContract(
                1_000L,
                5_000_000L,
                0.5,
                Map.of("email", 0.05, "phone", 0.125),
                List.of(List.of("id"), List.of("customer_id", "order_no")),
                Map.of("status", List.of("new", "paid", "shipped")),
                OnQualityFailure.WARN));
    assertThat(contract.columns())
        .containsExactly("email", "phone", "id", "customer_id", "order_no", "status");
  }

  @Test
  void shouldInheritQualityAndThePolicyFromDefaultsEachWhole() {
    String yaml =
        SOURCE
            + "defaults:\n"
            + "  quality: {row_count_min: 1}\n"
            + "  on_quality_failure: warn\n"
            + "exports:\n"
            + "  - name: a\n    table: a\n    destination: ./out\n"
            + "  - name: b\n    table: b\n    destination: ./out\n"
            + "    quality: {unique_columns: [id]}\n"
            + "    on_quality_failure: fail\n";

    RivetConfig config = load(yaml);

    assertThat(config.export("a").quality())
        .isEqualTo(new QualityContract(1L, null, null, null, null, null, OnQualityFailure.WARN));
    assertThat(config.export("b").quality())
        .isEqualTo(
            new QualityContract(
                null, null, null, null, List.of(List.of("id")), null, OnQualityFailure.FAIL));
  }

  @Test
  void shouldSuggestTheRightQualityKeyForATypo() {
    ConfigException e = loadError(dir, export("    quality: {unique_column: [id]}\n"));

    assertThat(e.getMessage())
        .contains("exports[0].quality.unique_column: unknown key; did you mean 'unique_columns'?");
  }

  @Test
  void shouldRejectARatioAboveOneHundredPercentNamingTheColumn() {
    ConfigException e = loadError(dir, export("    quality: {null_ratio_max: {email: 150%}}\n"));

    assertThat(e.getMessage())
        .contains("exports[0].quality.null_ratio_max.email: '150%' is not a ratio from 0% to 100%");
    assertThat(e.hint()).contains("5%");
  }

  @Test
  void shouldRejectAMinimumAboveTheMaximum() {
    ConfigException e =
        loadError(dir, export("    quality: {row_count_min: 10, row_count_max: 5}\n"));

    assertThat(e.getMessage()).contains("5 is below row_count_min 10");
    assertThat(e.hint()).contains("row_count_max");
  }

  @Test
  void shouldRejectAnUnknownPolicyListingTheValidOnes() {
    ConfigException e =
        loadError(dir, export("    quality: {row_count_min: 1}\n    on_quality_failure: ignore\n"));

    assertThat(e.getMessage()).contains("exports[0].on_quality_failure").contains("fail, warn");
  }

  @Test
  void shouldRejectAPolicyWithoutAContract() {
    ConfigException e = loadError(dir, export("    on_quality_failure: warn\n"));

    assertThat(e.getMessage())
        .contains("exports[0].on_quality_failure: has no effect: the export has no quality");
  }

  @Test
  void shouldRejectAnEmptyCompositeKeyAndARepeatedColumn() {
    assertThat(loadError(dir, export("    quality: {unique_columns: [[]]}\n")).getMessage())
        .contains("quality.unique_columns");
    assertThat(loadError(dir, export("    quality: {unique_columns: [[a, a]]}\n")).getMessage())
        .contains("column 'a' is named twice in one key");
  }

  @Test
  void shouldRefuseQualityForAnExportToStandardOutput() {
    String yaml =
        SOURCE
            + "exports:\n  - name: e\n    table: orders\n    destination: '-'\n"
            + "    quality: {row_count_min: 1}\n";

    ConfigException e = loadError(dir, yaml);

    assertThat(e.getMessage())
        .contains("exports[0].quality: a quality contract cannot be checked for an export to");
    assertThat(e.hint()).contains("destination: ./out");
  }

  @Test
  void shouldRejectABadValueInDefaultsEvenWhenEveryExportOverridesIt() {
    String yaml =
        SOURCE
            + "defaults:\n  quality: {row_count_change_max: lots}\n"
            + "exports:\n  - name: a\n    table: a\n    destination: ./out\n"
            + "    quality: {row_count_min: 1}\n";

    assertThat(loadError(dir, yaml).getMessage())
        .contains("defaults.quality.row_count_change_max: 'lots' is not a ratio");
  }
}
