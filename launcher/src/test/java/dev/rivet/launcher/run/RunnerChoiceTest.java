package dev.rivet.launcher.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.junit.jupiter.api.Test;

class RunnerChoiceTest {
  @Test
  void shouldRunFlinkEmbeddedUnlessAMasterIsGiven() {
    assertThat(RunnerChoice.parse("flink").flinkMaster()).isEqualTo("[local]");
    assertThat(RunnerChoice.parse("FLINK").onFlinkMaster(null).inThisJvm()).isTrue();
    assertThat(RunnerChoice.FLINK.onFlinkMaster("[local]")).isEqualTo(RunnerChoice.FLINK);
  }

  @Test
  void shouldSubmitToTheGivenRestEndpoint() {
    RunnerChoice remote = RunnerChoice.FLINK.onFlinkMaster("flink-jobmanager:8081");

    assertThat(remote.inThisJvm()).isFalse();
    assertThat(remote.wireValue()).isEqualTo("flink");
    FlinkPipelineOptions options =
        RunnerOptions.forRunner(remote, 3, "rivet-orders").as(FlinkPipelineOptions.class);
    assertThat(options.getFlinkMaster()).isEqualTo("flink-jobmanager:8081");
    assertThat(options.getParallelism()).isEqualTo(3);
    assertThat(options.getJobName()).isEqualTo("rivet-orders");
  }

  @Test
  void shouldRefuseAMasterWithoutTheFlinkRunner() {
    assertThatThrownBy(() -> RunnerChoice.DIRECT.onFlinkMaster("localhost:8081"))
        .isInstanceOf(RivetException.class)
        .hasMessageContaining("--runner direct")
        .extracting(e -> ((RivetException) e).kind())
        .isEqualTo(FailureKind.USER_CONFIG);
  }

  @Test
  void shouldRefuseAMasterThatIsNotHostAndPort() {
    for (String bad : new String[] {"localhost", ":8081", "localhost:http", "localhost:70000"}) {
      assertThatThrownBy(() -> RunnerChoice.FLINK.onFlinkMaster(bad))
          .as(bad)
          .isInstanceOf(RivetException.class)
          .hasMessageContaining("is not host:port");
    }
  }

  @Test
  void shouldListTheValidRunners() {
    assertThatThrownBy(() -> RunnerChoice.parse("spark"))
        .hasMessage("unknown runner 'spark'; valid values: direct, flink");
  }
}
