package dev.rivet.kernel.shape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivet.kernel.plan.InvalidSettingException;
import dev.rivet.kernel.plan.ShapeDriftSettings;
import dev.rivet.kernel.plan.SourceColumn;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ShapeDriftTest {
  private static final ShapeDriftSettings DEFAULTS = ShapeDriftSettings.DEFAULT;

  @Test
  void shouldMergeFileProfilesIntoTheRunsShape() {
    RunShape shape =
        RunShape.of(
            "run-1",
            10,
            List.of(
                new ColumnProfile("id", 0, -1, -1),
                new ColumnProfile("note", 2, 40, 40),
                new ColumnProfile("id", 0, -1, -1),
                new ColumnProfile("note", 3, 90, 30)));

    assertThat(shape.columns())
        .containsExactly(new ColumnProfile("id", 0, -1, -1), new ColumnProfile("note", 5, 90, 40));
    assertThat(shape.nullRatio(shape.column("note").orElseThrow())).isEqualTo(0.5);
  }

  @Test
  void shouldWarnWhenTheLongestValueGrowsPastTheFactor() {
    RunShape before = run("run-1", 10, new ColumnProfile("note", 0, 100, 100));
    RunShape tripled = run("run-2", 10, new ColumnProfile("note", 0, 300, 300));
    RunShape doubled = run("run-3", 10, new ColumnProfile("note", 0, 200, 200));

    assertThat(ShapeDrift.compare(tripled, Optional.of(before), Map.of(), DEFAULTS))
        .containsExactly(
            new ShapeWarning(ShapeWarningCode.MAX_BYTES_GREW, "note", "run-1", 100, 300, 2.0));
    // Exactly the factor is not past it.
    assertThat(ShapeDrift.compare(doubled, Optional.of(before), Map.of(), DEFAULTS)).isEmpty();
  }

  @Test
  void shouldNotWarnWithoutAPreviousRunOrFromNothing() {
    RunShape now = run("run-2", 10, new ColumnProfile("note", 0, 300, 300));
    RunShape empty = run("run-1", 10, new ColumnProfile("note", 10, -1, -1));
    RunShape unprofiled = new RunShape("run-0", 10, List.of());

    assertThat(ShapeDrift.compare(now, Optional.empty(), Map.of(), DEFAULTS)).isEmpty();
    assertThat(ShapeDrift.compare(now, Optional.of(unprofiled), Map.of(), DEFAULTS)).isEmpty();
    // From all NULLs to values: the NULL ratio fell, and there is no length to grow from.
    assertThat(ShapeDrift.compare(now, Optional.of(empty), Map.of(), DEFAULTS)).isEmpty();
  }

  @Test
  void shouldWarnWhenTheNullRatioJumpsByTheConfiguredAmount() {
    RunShape before = run("run-1", 100, new ColumnProfile("email", 5, 20, 20));
    RunShape jumped = run("run-2", 200, new ColumnProfile("email", 60, 20, 20));
    RunShape risen = run("run-3", 100, new ColumnProfile("email", 20, 20, 20));

    assertThat(ShapeDrift.compare(jumped, Optional.of(before), Map.of(), DEFAULTS))
        .containsExactly(
            new ShapeWarning(ShapeWarningCode.NULL_RATIO_JUMPED, "email", "run-1", 0.05, 0.3, 0.2));
    assertThat(ShapeDrift.compare(risen, Optional.of(before), Map.of(), DEFAULTS)).isEmpty();
    assertThat(
            ShapeDrift.compare(
                risen, Optional.of(before), Map.of(), new ShapeDriftSettings(2.0, 0.1)))
        .extracting(ShapeWarning::code)
        .containsExactly(ShapeWarningCode.NULL_RATIO_JUMPED);
  }

  @Test
  void shouldWarnWhenTheLongestTextReachesNinetyPercentOfItsDeclaredLength() {
    RunShape near = run("run-1", 3, new ColumnProfile("code", 0, 180, 90));
    RunShape below = run("run-2", 3, new ColumnProfile("code", 0, 178, 89));

    assertThat(ShapeDrift.compare(near, Optional.empty(), Map.of("code", 100), DEFAULTS))
        .containsExactly(
            new ShapeWarning(ShapeWarningCode.NEAR_DECLARED_LENGTH, "code", null, 100, 90, 0.9));
    assertThat(ShapeDrift.compare(below, Optional.empty(), Map.of("code", 100), DEFAULTS))
        .isEmpty();
  }

  @Test
  void shouldTakeDeclaredLengthsOnlyFromBoundedTextColumns() {
    List<SourceColumn> columns =
        List.of(
            new SourceColumn("code", 12, "varchar", 100, 0, true),
            new SourceColumn("flag", 1, "bpchar", 1, 0, true),
            new SourceColumn("body", 12, "text", Integer.MAX_VALUE, 0, true),
            new SourceColumn("total", 2, "numeric", 12, 2, true));

    assertThat(DeclaredLengths.of(columns))
        .containsExactly(Map.entry("code", 100), Map.entry("flag", 1));
  }

  @Test
  void shouldRefuseSettingsOutOfRangeNamingTheKey() {
    assertThatThrownBy(() -> new ShapeDriftSettings(1.0, 0.2))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("1.0 is out of range (expected more than 1 and at most 1000.0)")
        .extracting(e -> ((InvalidSettingException) e).key())
        .isEqualTo("shape_drift_warn_factor");
    assertThatThrownBy(() -> new ShapeDriftSettings(2.0, 1.5))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("1.5 is out of range (expected more than 0 and at most 1)")
        .extracting(e -> ((InvalidSettingException) e).key())
        .isEqualTo("shape_drift_null_ratio_jump");
  }

  @Test
  void shouldRefuseAProfileWithMoreNullsThanRowsOrNegativeLengths() {
    assertThatThrownBy(() -> new ColumnProfile("note", 0, -2, -1))
        .hasMessageContaining("column note: nulls must be >= 0 and lengths >= -1");
  }

  private static RunShape run(String runId, long rows, ColumnProfile... columns) {
    return new RunShape(runId, rows, List.of(columns));
  }
}
