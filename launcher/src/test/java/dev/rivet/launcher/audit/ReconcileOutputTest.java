package dev.rivet.launcher.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rivet.kernel.failure.ExitStatus;
import dev.rivet.kernel.plan.Chunk;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReconcileOutputTest {
  private static final ReconcileReport OFFSETTING =
      new ReconcileReport(
          "run-1",
          "orders",
          "table public.orders",
          "id",
          List.of(
              new ChunkReconciliation(new Chunk(0, null, "100"), 99, 99),
              new ChunkReconciliation(new Chunk(1, "100", "200"), 101, 100),
              new ChunkReconciliation(new Chunk(2, "200", null), 49, 50)));

  @Test
  void shouldCallOffsettingChunkDifferencesMismatchEvenWhenTotalsAreEqual() {
    StringWriter text = new StringWriter();
    ReconcileOutput.print(OFFSETTING, OutputFormat.TEXT, new PrintWriter(text));

    assertThat(OFFSETTING.matches()).isFalse();
    assertThat(text.toString())
        .contains("verdict: MISMATCH (2 of 3 chunk(s) differ; the totals are equal)")
        .contains("note: source counts are taken now");
    assertThat(text.toString().lines().filter(l -> l.startsWith("MISMATCH  1 ")))
        .singleElement()
        .asString()
        .endsWith("+1");
  }

  @Test
  void shouldReportSignedDifferencesPerChunkAndInTotalInJson() {
    JsonNode json = ReconcileOutput.json(OFFSETTING);

    assertThat(json.get("verdict").asText()).isEqualTo("mismatch");
    assertThat(json.get("exit_code").asInt()).isEqualTo(ExitStatus.MISMATCH.code());
    assertThat(json.get("chunks").findValuesAsText("difference")).containsExactly("0", "1", "-1");
    assertThat(json.get("chunks").get(0).get("lower_inclusive").isNull()).isTrue();
    assertThat(json.get("totals").get("mismatched").asInt()).isEqualTo(2);
    assertThat(json.get("totals").get("difference").asLong()).isZero();
  }

  @Test
  void shouldParseOutputFormatsAndListValidOnes() {
    assertThat(OutputFormat.parse("JSON")).isEqualTo(OutputFormat.JSON);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> OutputFormat.parse("yaml"))
        .hasMessage("unknown output format 'yaml'; valid values: text, json");
  }
}
