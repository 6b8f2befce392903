package dev.rivet.launcher.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the rivet command in a separate JVM with its own heap limit, as a user would. */
final class JavaProcess {
  private JavaProcess() {}

  static Cli.Result rivet(Path workDir, String maxHeap, String... args)
      throws IOException, InterruptedException {
    return rivet(workDir, maxHeap, Map.of(), args);
  }

  /** As {@link #rivet(Path, String, String...)}, with extra environment variables. */
  static Cli.Result rivet(Path workDir, String maxHeap, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile(workDir, "out", ".txt");
    Path err = Files.createTempFile(workDir, "err", ".txt");
    Process process = start(workDir, maxHeap, env, out, err, args);
    if (!process.waitFor(10, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("rivet did not finish within 10 minutes");
    }
    return new Cli.Result(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /** Starts rivet without waiting; standard output and error go to the given files. */
  static Process start(Path workDir, String maxHeap, Path out, Path err, String... args)
      throws IOException {
    return start(workDir, maxHeap, Map.of(), out, err, args);
  }

  /** As {@link #start}, with extra environment variables (e.g. {@code RIVET_CRASH_AT}). */
  static Process start(
      Path workDir, String maxHeap, Map<String, String> env, Path out, Path err, String... args)
      throws IOException {
    return start(List.of(), workDir, maxHeap, env, out, err, args);
  }

  /**
   * As {@link #start}, with the java command run through {@code prefix} (e.g. {@code ip netns exec
   * <namespace>}, to run rivet in another network namespace).
   */
  static Process start(
      List<String> prefix,
      Path workDir,
      String maxHeap,
      Map<String, String> env,
      Path out,
      Path err,
      String... args)
      throws IOException {
    List<String> command = new ArrayList<>(prefix);
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + maxHeap);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("dev.rivet.launcher.Main");
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    builder.environment().putAll(env);
    return builder.start();
  }
}
