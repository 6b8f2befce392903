package dev.rivet.kernel.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The config forms of a column override and the records' rules. */
class ColumnOverrideTest {
  @Test
  void shouldParseEveryTargetIgnoringCaseAndSpaces() {
    assertThat(ColumnOverride.parse("c", " INT64 "))
        .isEqualTo(new ColumnOverride("c", OverrideTarget.INT64, 0, 0));
    assertThat(ColumnOverride.parse("c", "Decimal (38, 0)"))
        .isEqualTo(new ColumnOverride("c", OverrideTarget.DECIMAL, 38, 0));
    for (OverrideTarget target : OverrideTarget.values()) {
      String text = target == OverrideTarget.DECIMAL ? "decimal(9,3)" : target.wireValue();
      assertThat(ColumnOverride.parse("c", text).target()).isEqualTo(target);
      assertThat(ColumnOverride.parse("c", text).describe()).isEqualTo(text);
    }
  }

  @Test
  void shouldRefuseUnknownNamesAndDecimalsParquetCannotHold() {
    assertThatThrownBy(() -> ColumnOverride.parse("c", "bigint"))
        .hasMessageContaining("unknown output type 'bigint'")
        .hasMessageContaining("valid values: text | json | decimal(p,s) | int64");
    assertThatThrownBy(() -> ColumnOverride.parse("c", "decimal"))
        .hasMessageContaining("is not decimal(p,s)");
    assertThatThrownBy(() -> ColumnOverride.parse("c", "decimal(0,0)"))
        .hasMessageContaining("needs 1 <= p <= 38");
    assertThatThrownBy(() -> ColumnOverride.parse("c", "decimal(39,1)"))
        .hasMessageContaining("needs 1 <= p <= 38");
    assertThatThrownBy(() -> new ColumnOverride("c", OverrideTarget.TEXT, 3, 1))
        .hasMessageContaining("only to decimal(p,s)");
  }

  @Test
  void shouldRefuseTwoOverridesOfOneColumn() {
    ColumnOverride text = ColumnOverride.parse("c", "text");
    assertThatThrownBy(() -> new ColumnOverrides(List.of(text, text), false, "x"))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("overridden twice");
  }
}
