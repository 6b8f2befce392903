package dev.rivet.kernel.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rivet.kernel.destination.Destination;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.TestPlans;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DestinationCodecTest {
  @Test
  void shouldStoreTheDestinationAsItsText() throws IOException {
    ExportPlan plan = TestPlans.query("run-q");

    JsonNode stored = new ObjectMapper().readTree(PlanCodec.write(plan));

    assertThat(stored.get("export").get("destination").isTextual()).isTrue();
    assertThat(stored.get("export").get("destination").asText()).isEqualTo("s3://bucket/exports");
    assertThat(PlanCodec.read("run-q", PlanCodec.write(plan)).export().destination())
        .isInstanceOf(Destination.S3.class)
        .isEqualTo(plan.export().destination());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "-",
        "/data/out",
        "/data/{export}/{date}",
        "s3://my-bucket",
        "s3://my-bucket/extracts/{export}/{run_id}",
        "gs://my.bucket/x/{run_id}/chunk={chunk}"
      })
  void shouldParseBackEveryDestinationFromItsText(String text) {
    Destination destination = Destination.parse(text);

    assertThat(destination.text()).isEqualTo(text);
    assertThat(Destination.parse(destination.text())).isEqualTo(destination);
  }
}
