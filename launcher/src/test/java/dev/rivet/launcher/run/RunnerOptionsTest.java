package dev.rivet.launcher.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a job submitted to a Flink cluster from the release's lib/ folder ships. */
class RunnerOptionsTest {
  @TempDir Path lib;

  @Test
  void shouldShipRivetJarAndTheFlinkRunnerJarsButNotFlinkItself() throws IOException {
    Path rivetJar = Files.writeString(lib.resolve("rivet.jar"), "jar");
    Files.createDirectories(lib.resolve("flink-runner"));
    Files.createDirectories(lib.resolve("flink"));
    Path runner = Files.writeString(lib.resolve("flink-runner/beam-runners-flink.jar"), "r");
    Path kryo = Files.writeString(lib.resolve("flink-runner/a-kryo.jar"), "k");
    Files.writeString(lib.resolve("flink-runner/README.txt"), "not a jar");
    Files.writeString(lib.resolve("flink/flink-runtime.jar"), "the cluster has it");

    assertThat(RunnerOptions.filesToStage(rivetJar))
        .containsExactly(rivetJar.toString(), kryo.toString(), runner.toString());
  }

  @Test
  void shouldShipRivetJarAloneWithoutAFlinkRunnerFolder() throws IOException {
    Path rivetJar = Files.writeString(lib.resolve("rivet.jar"), "jar");

    assertThat(RunnerOptions.filesToStage(rivetJar)).containsExactly(rivetJar.toString());
  }
}
