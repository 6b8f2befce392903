package dev.rivet.launcher.run;

import java.util.Objects;

/**
 * What {@code rivet run} was asked to do beyond the exports it runs.
 *
 * @param runner the runner of every pipeline
 * @param fresh always plan a new run, never resume an unfinished one ({@code --fresh})
 * @param force run exports the preflight judges UNSAFE ({@code --force})
 */
public record RunRequest(RunnerChoice runner, boolean fresh, boolean force) {
  public RunRequest {
    Objects.requireNonNull(runner, "runner");
  }
}
