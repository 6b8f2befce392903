package dev.rivet.pipeline.fidelity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.plan.ColumnOverride;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.source.SourceKind;
import dev.rivet.pipeline.types.ColumnType;
import dev.rivet.pipeline.types.LogicalKind;
import java.sql.Types;
import org.junit.jupiter.api.Test;

/** The fidelity of overrides and of the mapping itself, by the source column's mapped type. */
class FidelityRulesTest {
  private static ColumnType of(LogicalKind kind) {
    return ColumnType.scalar("c", "t", SourceKind.POSTGRESQL, kind, true);
  }

  private static ColumnType decimal(int precision, int scale) {
    return ColumnType.decimal("c", "numeric", SourceKind.POSTGRESQL, true, precision, scale);
  }

  private static Fidelity judge(ColumnType source, String target) {
    return FidelityRules.override(source, ColumnOverride.parse("c", target)).fidelity();
  }

  @Test
  void shouldJudgeWideningsExactAndNarrowingsLossy() {
    assertThat(judge(of(LogicalKind.INT32), "int64")).isEqualTo(Fidelity.EXACT);
    assertThat(judge(of(LogicalKind.INT32), "decimal(10,0)")).isEqualTo(Fidelity.EXACT);
    assertThat(judge(of(LogicalKind.INT32), "decimal(11,2)")).isEqualTo(Fidelity.LOSSY);
    assertThat(judge(of(LogicalKind.INT64), "float64")).isEqualTo(Fidelity.LOSSY);
    assertThat(judge(decimal(12, 4), "decimal(14,4)")).isEqualTo(Fidelity.EXACT);
    assertThat(judge(decimal(12, 4), "decimal(14,2)")).isEqualTo(Fidelity.LOSSY);
    assertThat(judge(decimal(12, 4), "decimal(12,5)")).isEqualTo(Fidelity.LOSSY);
    assertThat(judge(decimal(12, 4), "float64")).isEqualTo(Fidelity.LOSSY);
    assertThat(judge(decimal(15, 0), "float64")).isEqualTo(Fidelity.EXACT);
    assertThat(judge(decimal(18, 0), "int64")).isEqualTo(Fidelity.EXACT);
    assertThat(judge(of(LogicalKind.FLOAT), "float64")).isEqualTo(Fidelity.EXACT);
  }

  @Test
  void shouldJudgeTimeZonesAndTextCasts() {
    assertThat(judge(of(LogicalKind.TIMESTAMPTZ), "timestamp")).isEqualTo(Fidelity.LOSSY);
    assertThat(judge(of(LogicalKind.TIMESTAMP), "timestamptz")).isEqualTo(Fidelity.COMPATIBLE);
    assertThat(judge(of(LogicalKind.TIMESTAMP), "date")).isEqualTo(Fidelity.LOSSY);
    assertThat(judge(of(LogicalKind.DATE), "timestamp")).isEqualTo(Fidelity.COMPATIBLE);
    assertThat(judge(of(LogicalKind.STRING), "int64")).isEqualTo(Fidelity.LOSSY);
    assertThat(judge(of(LogicalKind.STRING), "uuid")).isEqualTo(Fidelity.LOSSY);
    assertThat(judge(of(LogicalKind.STRING), "json")).isEqualTo(Fidelity.LOSSY);
    assertThat(judge(of(LogicalKind.STRING), "binary")).isEqualTo(Fidelity.COMPATIBLE);
    assertThat(judge(of(LogicalKind.BYTES), "text")).isEqualTo(Fidelity.LOSSY);
    assertThat(judge(of(LogicalKind.UUID), "text")).isEqualTo(Fidelity.COMPATIBLE);
  }

  @Test
  void shouldRefuseCastsTheTypeDoesNotAllow() {
    assertThat(judge(of(LogicalKind.INT32), "uuid")).isEqualTo(Fidelity.REFUSED);
    assertThat(judge(of(LogicalKind.BOOLEAN), "int64")).isEqualTo(Fidelity.REFUSED);
    assertThat(judge(of(LogicalKind.GEOMETRY), "text")).isEqualTo(Fidelity.REFUSED);
    assertThat(judge(of(LogicalKind.UUID), "binary")).isEqualTo(Fidelity.REFUSED);
    assertThat(OutputTypes.allowed(of(LogicalKind.INT32)))
        .isEqualTo("text, decimal(p,s), int64, float64");
  }

  @Test
  void shouldCallTheTextFormOfANonTextTypeCompatible() {
    ColumnType string = of(LogicalKind.STRING);
    assertThat(
            FidelityRules.natural(new SourceColumn("c", Types.VARCHAR, "text", 0, 0, true), string)
                .fidelity())
        .isEqualTo(Fidelity.EXACT);
    assertThat(
            FidelityRules.natural(
                    new SourceColumn("c", Types.OTHER, "interval", 0, 0, true), string)
                .fidelity())
        .isEqualTo(Fidelity.COMPATIBLE);
    assertThat(
            FidelityRules.natural(
                    new SourceColumn("c", Types.NUMERIC, "numeric", 0, 0, true),
                    of(LogicalKind.NUMERIC_TEXT))
                .reason())
        .contains("exact decimal text");
  }
}
