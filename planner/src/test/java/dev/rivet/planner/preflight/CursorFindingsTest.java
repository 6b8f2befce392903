package dev.rivet.planner.preflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.rivet.kernel.plan.CursorType;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.IncrementalMode;
import dev.rivet.kernel.plan.KeyType;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.plan.Span;
import dev.rivet.kernel.plan.Strategy;
import dev.rivet.kernel.source.SourceKind;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CursorFindingsTest {

  private static List<Finding> findings(
      CursorType type, KeyType keyType, String lookback, boolean nullable, List<String> fallback) {
    IncrementalMode mode =
        new IncrementalMode(
            type == CursorType.INT ? "id" : "updated_at", type, fallback, Span.parse(lookback));
    List<SourceColumn> columns = Evidences.columns(nullable);
    ExportPlan plan =
        new ExportPlan(
            "r1",
            Evidences.spec(mode, 1000, 1000, 2),
            SourceKind.POSTGRESQL,
            columns,
            Strategy.KEY_RANGE,
            mode.key(keyType),
            Evidences.chunks(2),
            2,
            -1,
            Instant.EPOCH,
            List.of());
    return CursorFindings.of(Evidences.evidence(plan, Evidences.facts(2_000), List.of()));
  }

  @Test
  void shouldWarnOfATimestampCursorWithoutLookback() {
    assertThat(findings(CursorType.TIMESTAMP, KeyType.TIMESTAMP, "0", false, List.of()))
        .singleElement()
        .satisfies(f -> assertThat(f.code()).isEqualTo(FindingCode.CURSOR_NOT_MONOTONIC))
        .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.WARN))
        .satisfies(
            f ->
                assertThat(f.params())
                    .containsExactly(
                        entry(FindingParam.KEY, "updated_at"),
                        entry(FindingParam.KEY_TYPE, KeyType.TIMESTAMP)));
  }

  @Test
  void shouldAcceptATimestampCursorWithLookback() {
    assertThat(findings(CursorType.TIMESTAMP, KeyType.TIMESTAMP, "10 minutes", false, List.of()))
        .isEmpty();
  }

  @Test
  void shouldOnlyNoteAnIdCursorWithoutLookback() {
    assertThat(findings(CursorType.INT, KeyType.INTEGER, "0", false, List.of()))
        .singleElement()
        .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.INFO));
  }

  @Test
  void shouldWarnOfANullableCursorUnlessAFallbackIsNeverNull() {
    assertThat(findings(CursorType.TIMESTAMP, KeyType.TIMESTAMP, "1 hour", true, List.of()))
        .singleElement()
        .satisfies(f -> assertThat(f.code()).isEqualTo(FindingCode.NULLABLE_CURSOR))
        .satisfies(
            f ->
                assertThat(f.params())
                    .containsExactly(
                        entry(FindingParam.KEY, "updated_at"),
                        entry(FindingParam.COLUMN, "updated_at"),
                        entry(FindingParam.FALLBACK, List.of())));
    assertThat(
            findings(
                CursorType.TIMESTAMP, KeyType.TIMESTAMP, "1 hour", true, List.of("created_at")))
        .isEmpty();
  }

  @Test
  void shouldNameTheCoalesceOfANullableCursorWithNullableFallbacks() {
    assertThat(
            findings(
                CursorType.TIMESTAMP, KeyType.TIMESTAMP, "1 hour", true, List.of("deleted_at")))
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.params())
                    .containsExactly(
                        entry(FindingParam.KEY, "COALESCE(updated_at, deleted_at)"),
                        entry(FindingParam.COLUMN, "updated_at"),
                        entry(FindingParam.FALLBACK, List.of("deleted_at"))));
  }
}
