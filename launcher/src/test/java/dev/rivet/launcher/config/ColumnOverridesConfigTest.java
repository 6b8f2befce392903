package dev.rivet.launcher.config;

import static dev.rivet.launcher.config.ConfigFiles.loadError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.plan.ColumnOverride;
import dev.rivet.kernel.plan.ColumnOverrides;
import dev.rivet.kernel.plan.OverrideTarget;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code columns:} and {@code allow_lossy}: how the loader reads them and what it refuses. */
class ColumnOverridesConfigTest {
  @TempDir Path dir;

  private static final String SOURCE = "source:\n  url: postgresql://app@db/shop\n";

  private RivetConfig load(String yaml) {
    return ConfigLoader.load(ConfigFiles.write(dir, "rivet.yaml", yaml), Map.of());
  }

  private static String export(String keys) {
    return SOURCE
        + "exports:\n  - name: e\n    table: orders\n"
        + keys
        + "    destination: ./out\n";
  }

  @Test
  void shouldOverrideNothingUnlessAsked() {
    assertThat(load(export("")).export("e").columnOverrides()).isEqualTo(ColumnOverrides.NONE);
  }

  @Test
  void shouldReadEveryTargetInConfigOrderWithTheFileAndKeyPath() {
    ColumnOverrides overrides =
        load(export(
                "    allow_lossy: yes\n"
                    + "    columns:\n"
                    + "      a: text\n      b: JSON\n      c: Decimal( 12 , 2 )\n"
                    + "      d: int64\n      e: float64\n      f: timestamp\n"
                    + "      g: timestamptz\n      h: date\n      i: uuid\n      j: binary\n"))
            .export("e")
            .columnOverrides();

    assertThat(overrides.allowLossy()).isTrue();
    assertThat(overrides.keyPath()).endsWith("rivet.yaml: exports[0].columns");
    assertThat(overrides.columns())
        .extracting(ColumnOverride::target)
        .containsExactly(OverrideTarget.values());
    assertThat(overrides.of("c")).contains(new ColumnOverride("c", OverrideTarget.DECIMAL, 12, 2));
    assertThat(overrides.columns())
        .extracting(ColumnOverride::describe)
        .containsExactly(
            "text",
            "json",
            "decimal(12,2)",
            "int64",
            "float64",
            "timestamp",
            "timestamptz",
            "date",
            "uuid",
            "binary");
  }

  @Test
  void shouldRefuseAnUnknownTypeNamingTheKeyAndTheValidValues() {
    ConfigException e = loadError(dir, export("    columns:\n      price: double\n"));

    assertThat(e.getMessage())
        .contains("exports[0].columns.price")
        .contains("unknown output type 'double'")
        .contains(
            "text | json | decimal(p,s) | int64 | float64 | timestamp | timestamptz | date | uuid"
                + " | binary");
  }

  @Test
  void shouldRefuseADecimalWithoutAValidPrecisionAndScale() {
    assertThat(loadError(dir, export("    columns:\n      p: decimal(12)\n")).getMessage())
        .contains("exports[0].columns.p")
        .contains("is not decimal(p,s)");
    assertThat(loadError(dir, export("    columns:\n      p: decimal(40,2)\n")).getMessage())
        .contains("decimal(40,2) needs 1 <= p <= 38");
    assertThat(loadError(dir, export("    columns:\n      p: decimal(4,6)\n")).getMessage())
        .contains("0 <= s <= p");
  }

  @Test
  void shouldRefuseAllowLossyThatIsNotAFlag() {
    assertThat(loadError(dir, export("    allow_lossy: sometimes\n")).getMessage())
        .contains("exports[0].allow_lossy")
        .contains("'sometimes' is not true or false");
  }

  @Test
  void shouldRefuseColumnsThatIsNotAMapping() {
    assertThat(loadError(dir, export("    columns: [a, b]\n")).getMessage())
        .contains("exports[0].columns")
        .contains("expected a mapping");
  }
}
