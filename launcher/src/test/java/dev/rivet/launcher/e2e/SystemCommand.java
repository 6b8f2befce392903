package dev.rivet.launcher.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a host command such as {@code ip} or {@code tc} to its end, at most 30 seconds. */
final class SystemCommand {
  private SystemCommand() {}

  /** The exit code (-1 if it could not start or did not end in time) and merged output. */
  record Result(int exitCode, String output) {}

  static Result run(String... command) {
    Path output = null;
    Process process = null;
    try {
      output = Files.createTempFile("rivet-command", ".txt");
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return new Result(-1, String.join(" ", command) + ": did not end within 30 s");
      }
      return new Result(
          process.exitValue(), Files.readString(output, StandardCharsets.UTF_8).strip());
    } catch (IOException e) {
      return new Result(-1, String.join(" ", command) + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      return new Result(-1, String.join(" ", command) + ": interrupted");
    } finally {
      delete(output);
    }
  }

  private static void delete(Path file) {
    try {
      if (file != null) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@code command} and returns its output; throws with the output if it fails. */
  static String check(String... command) {
    Result result = run(command);
    if (result.exitCode() != 0) {
      throw new IllegalStateException(
          String.join(" ", List.of(command))
              + " failed ("
              + result.exitCode()
              + "): "
              + result.output());
    }
    return result.output();
  }
}
