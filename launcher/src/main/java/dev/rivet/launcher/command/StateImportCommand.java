package dev.rivet.launcher.command;

import dev.rivet.kernel.failure.ExitStatus;
import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.launcher.output.JsonDocument;
import dev.rivet.launcher.output.StateStoreJson;
import dev.rivet.state.StateStore;
import dev.rivet.state.dump.DumpCounts;
import dev.rivet.state.dump.DumpFormat;
import dev.rivet.state.dump.DumpHeader;
import dev.rivet.state.dump.DumpReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rivet state import}: loads a dump of {@code rivet state export} into the configured store,
 * all of it or nothing: a restore, or a move to another kind of store.
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Load a dump written by `rivet state export` into the configured state store (created when"
          + " missing), in one transaction, after checking every row. A store that holds anything"
          + " is refused unless --replace; a store a running rivet holds a lease in is refused."
    })
final class StateImportCommand implements Callable<Integer> {
  @Mixin ConfigOption config;

  @Option(
      names = {"-f", "--file"},
      paramLabel = "PATH",
      required = true,
      description = "The dump to load (- for standard input).")
  String file;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      converter = StateExportCommand.FormatConverter.class,
      description = "json or sql (default: sql for a PATH ending in .sql, else json).")
  DumpFormat format;

  @Option(
      names = "--replace",
      description =
          "Delete everything the store holds first, in the same transaction (lease fencing"
              + " tokens are kept where they are higher).")
  boolean replace;

  @Mixin OutputOption output;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    DumpFormat chosen = format != null ? format : DumpFormat.ofFileName(file);
    String name = file.equals("-") ? "standard input" : file;
    try (InputStream in = new BufferedInputStream(open())) {
      DumpReader dump = chosen.reader(in, name);
      // A document that is no dump is refused before the store is created or opened.
      DumpHeader header = dump.header();
      try (StateStore store = config.openState()) {
        DumpCounts counts = store.restoreFrom(dump, replace);
        if (output.json()) {
          JsonDocument.print(
              StateStoreJson.imported(config.stateLocation().redacted(), file, header, counts),
              spec.commandLine().getOut());
          return ExitStatus.SUCCESS.code();
        }
        spec.commandLine()
            .getOut()
            .println(
                "state store "
                    + config.stateLocation().redacted()
                    + ": imported "
                    + StateExportCommand.describe(counts)
                    + " from "
                    + name
                    + " (exported from a "
                    + header.storeKind()
                    + " store at schema version "
                    + header.storeSchemaVersion()
                    + " on "
                    + header.exportedAt()
                    + ")");
      }
    } catch (IOException | UncheckedIOException e) {
      throw new RivetException(
          FailureKind.USER_CONFIG,
          "cannot read the state dump " + name + ": " + StateExportCommand.reason(e),
          "check the --file path",
          e);
    }
    return ExitStatus.SUCCESS.code();
  }

  private InputStream open() throws IOException {
    if (file.equals("-")) {
      return System.in;
    }
    try {
      return Files.newInputStream(Path.of(file));
    } catch (NoSuchFileException e) {
      throw new RivetException(
          FailureKind.USER_CONFIG,
          "cannot read the state dump " + file + ": no such file",
          "check the --file path (a dump written by `rivet state export --file PATH`)");
    }
  }
}
