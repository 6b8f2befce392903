package dev.rivet.planner.preflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A finding is a code, a severity and typed parameters; verdicts are taken on nothing else. */
class FindingTest {

  @Test
  void shouldCarryNoTextForAVerdictToRead() {
    assertThat(Arrays.stream(Finding.class.getRecordComponents()).map(RecordComponent::getName))
        .containsExactly("code", "severity", "params");
    assertThat(Arrays.stream(Finding.class.getMethods()).map(m -> m.getName()))
        .doesNotContain("message", "fix");
  }

  @Test
  void shouldJudgeAVerdictFromSeveritiesAloneWhateverTheParameters() {
    Finding lag = Finding.of(FindingCode.REPLICA_LAG, Severity.WARN);
    Finding laggingMore = lag.with(FindingParam.LAG_SECONDS, 1_000_000.0);
    Finding scan = Finding.of(FindingCode.SEQ_SCAN_PER_CHUNK, Severity.CRITICAL);
    Finding note = Finding.of(FindingCode.CONNECTIONS_UNKNOWN, Severity.INFO);

    assertThat(Verdict.of(List.of(note))).isEqualTo(Verdict.SAFE);
    assertThat(Verdict.of(List.of(note, lag))).isEqualTo(Verdict.DEGRADED);
    assertThat(Verdict.of(List.of(note, laggingMore))).isEqualTo(Verdict.DEGRADED);
    assertThat(Verdict.of(List.of(lag, scan, note))).isEqualTo(Verdict.UNSAFE);
  }

  @Test
  void shouldKeepParametersInTheCodesOrder() {
    Finding finding =
        Finding.of(FindingCode.EXPLAIN_UNAVAILABLE, Severity.INFO)
            .with(FindingParam.REASON, "permission denied")
            .with(FindingParam.CHUNK, 3);

    assertThat(finding.params())
        .containsExactly(
            entry(FindingParam.CHUNK, 3), entry(FindingParam.REASON, "permission denied"));
    assertThat(finding.get(FindingParam.CHUNK)).isEqualTo(3);
    assertThat(finding.find(FindingParam.TABLE)).isEmpty();
  }

  @Test
  void shouldRejectAParameterItsCodeDoesNotTake() {
    Finding lag = Finding.of(FindingCode.REPLICA_LAG, Severity.WARN);

    assertThatThrownBy(() -> lag.with(FindingParam.TABLE, "app.orders"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("finding replica_lag takes parameters [lag_seconds], got [table]");
  }

  @Test
  void shouldRejectAValueOfTheWrongType() {
    Map<FindingParam<?>, Object> params = new HashMap<>();
    params.put(FindingParam.LAG_SECONDS, "900");

    assertThatThrownBy(() -> new Finding(FindingCode.REPLICA_LAG, Severity.WARN, params))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("parameter lag_seconds got a class java.lang.String");
  }

  @Test
  void shouldSayWhichParameterAFindingLacks() {
    assertThatThrownBy(
            () -> Finding.of(FindingCode.REPLICA_LAG, Severity.WARN).get(FindingParam.LAG_SECONDS))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("finding replica_lag carries no parameter lag_seconds");
  }

  @Test
  void shouldNotLetACallerChangeAListItGave() {
    List<Integer> chunks = new java.util.ArrayList<>(List.of(0, 5));
    Finding finding =
        Finding.of(FindingCode.SEQ_SCAN_PER_CHUNK, Severity.WARN)
            .with(FindingParam.FULL_SCAN_CHUNKS, chunks);

    chunks.add(9);

    assertThat(finding.get(FindingParam.FULL_SCAN_CHUNKS)).containsExactly(0, 5);
  }

  @Test
  void shouldNameEveryParameterOnceInSnakeCase() {
    for (FindingCode code : FindingCode.values()) {
      assertThat(code.parameters()).as("%s", code).doesNotHaveDuplicates();
      assertThat(code.parameters())
          .allSatisfy(p -> assertThat(p.name()).matches("[a-z]+(_[a-z]+)*"));
    }
  }
}
