package dev.rivet.launcher.run;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import java.util.Locale;

/**
 * The Beam runner a run uses and, for Flink, where the job runs: {@value #LOCAL} (Flink's embedded
 * runtime in this JVM) or the REST address {@code host:port} of a Flink session cluster.
 */
public record RunnerChoice(Engine engine, String flinkMaster) {
  /** Flink's embedded runtime in the launcher JVM. */
  public static final String LOCAL = "[local]";

  /** Beam's DirectRunner in this JVM, with its per-element checks off. */
  public static final RunnerChoice DIRECT = new RunnerChoice(Engine.DIRECT, null);

  /** Loaded by name, to tell whether the optional Flink runner is installed. */
  private static final String FLINK_RUNNER_CLASS = "org.apache.beam.runners.flink.FlinkRunner";

  /** Flink's embedded runtime in this JVM ({@code [local]}). */
  public static final RunnerChoice FLINK = new RunnerChoice(Engine.FLINK, LOCAL);

  /** The Beam runner itself. */
  public enum Engine {
    DIRECT("direct"),
    FLINK("flink");

    private final String wireValue;

    Engine(String wireValue) {
      this.wireValue = wireValue;
    }
  }

  public RunnerChoice {
    if (engine == null) {
      throw new IllegalArgumentException("engine is required");
    }
    if (engine == Engine.DIRECT && flinkMaster != null) {
      throw new IllegalArgumentException("the direct runner has no Flink master");
    }
    if (engine == Engine.FLINK && flinkMaster == null) {
      throw new IllegalArgumentException("the Flink runner needs a master ([local] or host:port)");
    }
  }

  /** {@code direct} or {@code flink}, as recorded in state. */
  public String wireValue() {
    return engine.wireValue;
  }

  /** Whether the job runs in this JVM. */
  public boolean inThisJvm() {
    return engine == Engine.DIRECT || LOCAL.equals(flinkMaster);
  }

  public static RunnerChoice parse(String value) {
    String wanted = value.toLowerCase(Locale.ROOT);
    if (Engine.DIRECT.wireValue.equals(wanted)) {
      return DIRECT;
    }
    if (Engine.FLINK.wireValue.equals(wanted)) {
      return FLINK;
    }
    throw new IllegalArgumentException(
        "unknown runner '" + value + "'; valid values: direct, flink");
  }

  /**
   * This choice, once its runner's classes are known to be on the class path: the Flink runner is
   * an optional part of the release (lib/flink/ and lib/flink-runner/ beside rivet.jar).
   *
   * @throws RivetException (USER_CONFIG) when the Flink runner is chosen but not installed
   */
  public RunnerChoice requireInstalled() {
    if (engine == Engine.FLINK) {
      try {
        Class.forName(FLINK_RUNNER_CLASS, false, RunnerChoice.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        throw new RivetException(
            FailureKind.USER_CONFIG,
            "--runner flink: the Flink runner is not on the class path (its jars are the flink/"
                + " and flink-runner/ folders beside rivet.jar)",
            "run through bin/rivet, which adds them for --runner flink, or add them to java -cp"
                + " (docs/install.md); or use --runner direct");
      }
    }
    return this;
  }

  /**
   * This choice with the job submitted to the Flink session cluster whose REST endpoint is {@code
   * master} ({@code host:port}); {@code null} keeps it as it is.
   *
   * @throws RivetException (USER_CONFIG) when the runner is not Flink or the address is malformed
   */
  public RunnerChoice onFlinkMaster(String master) {
    if (master == null) {
      return this;
    }
    if (engine != Engine.FLINK) {
      throw new RivetException(
          FailureKind.USER_CONFIG,
          "--flink-master " + master + " was given with --runner " + wireValue(),
          "add --runner flink, or drop --flink-master");
    }
    String trimmed = master.trim();
    if (LOCAL.equals(trimmed)) {
      return FLINK;
    }
    int colon = trimmed.lastIndexOf(':');
    String host = colon < 0 ? "" : trimmed.substring(0, colon);
    String port = colon < 0 ? "" : trimmed.substring(colon + 1);
    if (host.isEmpty() || !port.matches("[0-9]{1,5}") || Integer.parseInt(port) > 65535) {
      throw new RivetException(
          FailureKind.USER_CONFIG,
          "--flink-master '" + master + "' is not host:port",
          "give the Flink REST endpoint (rest.port, 8081 by default), e.g. --flink-master"
              + " flink-jobmanager:8081, or [local] for the embedded runtime");
    }
    return new RunnerChoice(Engine.FLINK, trimmed);
  }
}
