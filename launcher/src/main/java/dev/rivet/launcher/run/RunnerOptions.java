package dev.rivet.launcher.run;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.List;
import java.util.Optional;
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
          shadedJar().ifPresent(jar -> flink.setFilesToStage(List.of(jar)));
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
   * The launcher's shaded jar (rivet.jar) when this JVM runs from it: it holds Rivet, Beam and the
   * drivers, so it alone is shipped to a Flink cluster. Otherwise (a classpath of jars and
   * directories, as in tests) empty, and Beam's FlinkRunner stages every classpath entry itself,
   * zipping directories into jars.
   */
  private static Optional<String> shadedJar() {
    CodeSource rivet = RunnerOptions.class.getProtectionDomain().getCodeSource();
    CodeSource beam = FlinkRunner.class.getProtectionDomain().getCodeSource();
    if (rivet == null || beam == null || !rivet.getLocation().equals(beam.getLocation())) {
      return Optional.empty();
    }
    try {
      Path jar = Path.of(rivet.getLocation().toURI());
      return Files.isRegularFile(jar) ? Optional.of(jar.toString()) : Optional.empty();
    } catch (URISyntaxException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
