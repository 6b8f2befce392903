package dev.rivet.launcher.command;

import dev.rivet.kernel.failure.ExitStatus;
import dev.rivet.launcher.config.ConfigSchema;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code rivet schema}: prints the JSON Schema of {@code rivet.yaml}, rendered from the key
 * definitions the loader validates against, for editors to validate and complete configs.
 */
@Command(
    name = "schema",
    mixinStandardHelpOptions = true,
    description =
        "Print the JSON Schema (draft 2020-12) of rivet.yaml, for editors: save it and point"
            + " '# yaml-language-server: $schema=<file>' or the IDE's schema mapping at it.")
final class SchemaCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.println(ConfigSchema.render());
    out.flush();
    return ExitStatus.SUCCESS.code();
  }
}
