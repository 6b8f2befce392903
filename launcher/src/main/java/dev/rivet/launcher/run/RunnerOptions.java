package dev.rivet.launcher.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * Builds runner options for an export: the runner, and parallelism = chunks read at once (on a
 * Flink cluster: the job's parallelism, so the cluster needs that many free task slots).
 */
final class RunnerOptions {
  /**
   * The folder beside rivet.jar with Beam's Flink runner and what only it needs (the release
   * archive's lib/flink-runner/): shipped to a Flink cluster with rivet.jar. Flink's own jars
   * (lib/flink/) are not: the cluster has them.
   */
  static final String FLINK_RUNNER_DIR = "flink-runner";

  private RunnerOptions() {}

  static PipelineOptions forRunner(RunnerChoice runner, int parallelism, String jobName) {
    switch (runner.engine()) {
      case DIRECT:
        DirectOptions direct = PipelineOptionsFactory.as(DirectOptions.class);
        direct.setRunner(DirectRunner.class);
        // The DirectRunner's immutability/encodability checks are test aids; elements here are
        // only chunk specs and file results, but keep production runs free of that overhead.
        direct.setEnforceImmutability(false);
        direct.setEnforceEncodability(false);
        direct.setTargetParallelism(parallelism);
        direct.setBlockOnRun(true);
        direct.setJobName(jobName);
        return direct;
      case FLINK:
        FlinkPipelineOptions flink = PipelineOptionsFactory.as(FlinkPipelineOptions.class);
        flink.setRunner(FlinkRunner.class);
        flink.setFlinkMaster(runner.flinkMaster());
        if (!runner.inThisJvm()) {
          rivetJar().ifPresent(jar -> flink.setFilesToStage(filesToStage(jar)));
        }
        // [local] defaults to parallelism 1 and a cluster to its parallelism.default: always pass
        // it.
        flink.setParallelism(parallelism);
        flink.setMaxParallelism(Math.max(parallelism, 1));
        flink.setAttachedMode(true);
        // Elements are immutable chunk specs and file results: no defensive copies needed.
        flink.setFasterCopy(true);
        flink.setJobName(jobName);
        return flink;
      default:
        throw new IllegalStateException("unhandled runner " + runner);
    }
  }

  /**
   * What a Flink cluster needs beyond its own Flink to run a job of {@code rivetJar}: the jar
   * itself (Rivet, Beam, the drivers) and every jar of the {@value #FLINK_RUNNER_DIR} folder beside
   * it, in name order.
   */
  static List<String> filesToStage(Path rivetJar) {
    List<String> files = new ArrayList<>();
    files.add(rivetJar.toString());
    Path runnerDir = rivetJar.resolveSibling(FLINK_RUNNER_DIR);
    if (Files.isDirectory(runnerDir)) {
      try (Stream<Path> jars = Files.list(runnerDir)) {
        jars.filter(p -> p.getFileName().toString().endsWith(".jar"))
            .sorted()
            .forEach(p -> files.add(p.toString()));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + runnerDir, e);
      }
    }
    return List.copyOf(files);
  }

  /**
   * The launcher's runnable jar (rivet.jar) when this JVM runs from it. Otherwise (a classpath of
   * jars and directories, as in tests) empty, and Beam's FlinkRunner stages every classpath entry
   * itself, zipping directories into jars.
   */
  private static Optional<Path> rivetJar() {
    CodeSource rivet = RunnerOptions.class.getProtectionDomain().getCodeSource();
    if (rivet == null) {
      return Optional.empty();
    }
    try {
      Path jar = Path.of(rivet.getLocation().toURI());
      return Files.isRegularFile(jar) ? Optional.of(jar) : Optional.empty();
    } catch (URISyntaxException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
