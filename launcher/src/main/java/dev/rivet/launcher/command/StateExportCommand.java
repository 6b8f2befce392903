package dev.rivet.launcher.command;

import dev.rivet.kernel.failure.ExitStatus;
import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.launcher.output.JsonDocument;
import dev.rivet.launcher.output.StateStoreJson;
import dev.rivet.state.Lease;
import dev.rivet.state.StateStore;
import dev.rivet.state.dump.DumpCounts;
import dev.rivet.state.dump.DumpFormat;
import dev.rivet.state.dump.DumpHeader;
import dev.rivet.state.dump.DumpTable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code rivet state export}: the whole state store as one dump, for a backup or to move the store
 * (e.g. from SQLite to PostgreSQL) with {@code rivet state import}.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Write the whole state store (runs with their plans, chunks, files, chunk errors, cursor"
          + " marks, lease tokens, schema history; not the leases) as a JSON document or SQL INSERTs, read in one"
          + " snapshot. `rivet state import` loads it into a store, SQLite or PostgreSQL."
    })
final class StateExportCommand implements Callable<Integer> {
  @Mixin ConfigOption config;

  @Option(
      names = {"-f", "--file"},
      paramLabel = "PATH",
      defaultValue = "-",
      description =
          "Write the dump to PATH, replacing it only once the dump is complete (default: - for"
              + " standard output).")
  String file;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      converter = FormatConverter.class,
      description = "json or sql (default: sql for a PATH ending in .sql, else json).")
  DumpFormat format;

  @Mixin OutputOption output;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    DumpFormat chosen = format != null ? format : DumpFormat.ofFileName(file);
    try (StateStore store = config.openState()) {
      DumpCounts counts;
      if (file.equals("-")) {
        PrintStream out =
            spec.root().userObject() instanceof RivetCommand rivet
                ? rivet.standardOutput()
                : System.out;
        counts = store.dumpTo(chosen.writer(out));
        out.flush();
      } else {
        counts = toFile(store, chosen, Path.of(file));
      }
      // With the dump on standard output, what is said about it goes to standard error.
      var report = toStdout() ? spec.commandLine().getErr() : spec.commandLine().getOut();
      List<Lease> leases = store.leases();
      if (output.json()) {
        Map<String, String> notExported = new java.util.LinkedHashMap<>();
        leases.forEach(l -> notExported.put(l.export(), l.holder()));
        JsonDocument.print(
            StateStoreJson.exported(
                config.stateLocation().redacted(), file, chosen.wireValue(), counts, notExported),
            report);
        return ExitStatus.SUCCESS.code();
      }
      report.println(
          "state store "
              + config.stateLocation().redacted()
              + ": exported "
              + describe(counts)
              + " to "
              + (file.equals("-") ? "standard output" : file)
              + " ("
              + chosen.wireValue()
              + ", schema_version "
              + DumpHeader.SCHEMA_VERSION
              + ")");
      if (!leases.isEmpty()) {
        spec.commandLine()
            .getErr()
            .println(
                "note: "
                    + leases.size()
                    + " lease(s) not exported ("
                    + leases.stream()
                        .map(l -> l.export() + " held by " + l.holder())
                        .collect(Collectors.joining(", "))
                    + "): a lease belongs to a process using this store");
      }
    }
    return ExitStatus.SUCCESS.code();
  }

  /** Whether the dump goes to standard output, so nothing else may. */
  boolean toStdout() {
    return "-".equals(file);
  }

  /** Writes next to {@code path} and moves the dump into place once it is whole. */
  private static DumpCounts toFile(StateStore store, DumpFormat format, Path path) {
    Path target = path.toAbsolutePath();
    Path partial = target.resolveSibling("." + target.getFileName() + ".partial");
    try {
      DumpCounts counts;
      try (OutputStream out = Files.newOutputStream(partial)) {
        counts = store.dumpTo(format.writer(out));
      }
      Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
      return counts;
    } catch (IOException | UncheckedIOException e) {
      deleteQuietly(partial);
      throw new RivetException(
          FailureKind.USER_CONFIG,
          "cannot write the state dump to " + target + ": " + reason(e),
          "check that --file names a file in a directory that exists and is writable, on a disk"
              + " with room for the dump",
          e);
    } catch (RuntimeException e) {
      deleteQuietly(partial);
      throw e;
    }
  }

  /** Why a file could not be written or read, in words (not an exception's class). */
  static String reason(Exception e) {
    Throwable cause = e instanceof UncheckedIOException unchecked ? unchecked.getCause() : e;
    if (cause instanceof NoSuchFileException missing) {
      return "no such file or directory: " + missing.getFile();
    }
    if (cause instanceof AccessDeniedException denied) {
      return "permission denied: " + denied.getFile();
    }
    return cause.getMessage();
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // A leftover partial dump is named as one; nothing reads it.
    }
  }

  /** The counts as people read them: {@code 3 runs, 9 chunks, …, 1 lease tokens}. */
  static String describe(DumpCounts counts) {
    return counts.asMap().entrySet().stream()
        .map(e -> e.getValue() + " " + name(e))
        .collect(Collectors.joining(", "));
  }

  private static String name(Map.Entry<DumpTable, Long> count) {
    return count.getKey().tableName().replace('_', ' ');
  }

  /** Reads {@code --format}, naming the valid values when it is none of them. */
  static final class FormatConverter implements ITypeConverter<DumpFormat> {
    @Override
    public DumpFormat convert(String value) {
      try {
        return DumpFormat.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
