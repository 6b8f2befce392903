package dev.rivet.launcher.run;

import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/** Builds runner options for an export: the runner, and parallelism = chunks read at once. */
final class RunnerOptions {
  private RunnerOptions() {}

  static PipelineOptions forRunner(RunnerChoice runner, int parallelism, String jobName) {
    switch (runner) {
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
        flink.setFlinkMaster("[local]");
        // [local] defaults to parallelism 1: always pass it.
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
}
