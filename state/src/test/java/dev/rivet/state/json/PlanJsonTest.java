package dev.rivet.state.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rivet.planner.failure.FailureKind;
import dev.rivet.planner.failure.RivetException;
import dev.rivet.planner.model.ExportPlan;
import dev.rivet.state.TestPlans;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PlanJsonTest {
  @Test
  void shouldRoundTripSplitTablePlan() {
    ExportPlan plan = TestPlans.keyRange("run-1", 3);

    assertThat(PlanJson.read("run-1", PlanJson.write(plan))).isEqualTo(plan);
  }

  @Test
  void shouldRoundTripQueryPlanWithNullSplitKeyAndOpenBounds() {
    ExportPlan plan = TestPlans.query("run-q");

    assertThat(PlanJson.read("run-q", PlanJson.write(plan))).isEqualTo(plan);
  }

  @Test
  void shouldRoundTripTableWithoutSchemaAndNanosecondInstant() {
    ExportPlan plan = TestPlans.unqualifiedTable("run-t");

    assertThat(PlanJson.read("run-t", PlanJson.write(plan))).isEqualTo(plan);
  }

  @Test
  void shouldTagRelationsAndKeepDerivedChunkPropertiesOut() {
    String json = PlanJson.write(TestPlans.query("run-q"));

    assertThat(json)
        .contains("\"relation\":{\"type\":\"query\",\"sql\":")
        .contains("\"createdAt\":\"2025-03-01T10:15:30.123456Z\"")
        .doesNotContain("unbounded")
        .doesNotContain("describe");
  }

  // The stored wire format: state written by earlier builds must stay readable.
  @Test
  void shouldReadTheStoredWireFormat() throws IOException {
    String golden = resource("plan-v2.json");

    assertThat(PlanJson.read("run-1", golden)).isEqualTo(TestPlans.keyRange("run-1", 3));
    ObjectMapper tree = new ObjectMapper();
    assertThat(tree.readTree(PlanJson.write(TestPlans.keyRange("run-1", 3))))
        .isEqualTo(tree.readTree(golden));
  }

  @Test
  void shouldReadPlansStoredBeforeZeroDatePolicyExistedAsNullPolicy() throws IOException {
    String stored = resource("plan-v1.json");

    assertThat(PlanJson.read("run-1", stored)).isEqualTo(TestPlans.keyRange("run-1", 3));
  }

  @Test
  void shouldReadPlansStoredBeforeEffectiveParallelismExistedAsConfiguredParallelism()
      throws IOException {
    ExportPlan plan = PlanJson.read("run-1", resource("plan-v1.json"));

    assertThat(plan.parallelism()).isEqualTo(plan.export().parallelism());
  }

  @Test
  void shouldRejectJsonThatIsNotAPlanNamingTheRun() {
    assertThatThrownBy(() -> PlanJson.read("run-9", "{\"runId\":\"run-9\"}"))
        .isInstanceOfSatisfying(
            RivetException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(FailureKind.STATE);
              assertThat(e.hint()).isNotBlank();
            })
        .hasMessageStartingWith("plan of run run-9 in the state store cannot be read: ");
  }

  @Test
  void shouldRejectAnUnknownRelationType() {
    String json =
        PlanJson.write(TestPlans.query("run-q")).replace("\"type\":\"query\"", "\"type\":\"view\"");

    assertThatThrownBy(() -> PlanJson.read("run-q", json))
        .isInstanceOf(RivetException.class)
        .hasMessageContaining("view");
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = PlanJsonTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
