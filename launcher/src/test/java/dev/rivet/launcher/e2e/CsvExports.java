package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes one-export CSV configs into a test folder and runs them through the CLI, returning what
 * each run wrote: the mode tests' way to compare a run with the SQL truth.
 */
final class CsvExports {
  static final List<String> ID_NOTE = List.of("id", "note");

  private final Path dir;
  private final String sourceYaml;

  CsvExports(Path dir, String sourceYaml) {
    this.dir = dir;
    this.sourceYaml = sourceYaml;
  }

  /** {@code <name>.yaml}: CSV without compression into {@code out/}, plus {@code exportLines}. */
  Path config(String name, String... exportLines) throws Exception {
    StringBuilder yaml =
        new StringBuilder(sourceYaml)
            .append("state: state.db\nexports:\n  - name: ")
            .append(name)
            .append("\n    format: csv\n    compression: none\n    destination: out\n");
    for (String line : exportLines) {
      yaml.append("    ").append(line).append('\n');
    }
    return Files.writeString(dir.resolve(name + ".yaml"), yaml.toString());
  }

  /** Runs the export once, successfully, and returns the new run's rows (id|note). */
  List<String> run(Path config, String export, String... flags) throws Exception {
    Path out = dir.resolve("out");
    Set<Path> before =
        Files.isDirectory(out.resolve(export))
            ? new HashSet<>(ExportedRows.runDirs(out, export))
            : Set.of();
    List<String> args =
        new ArrayList<>(List.of("run", "-c", config.toString(), "--export", export));
    args.addAll(List.of(flags));
    Cli.Result result = Cli.run(args.toArray(String[]::new));
    assertThat(result.exitCode()).as(result.toString()).isZero();
    return ExportedRows.csv(ExportedRows.newRunDir(out, export, before), ID_NOTE);
  }

  /** Runs the export once, successfully, and returns its newest run folder. */
  Path runDir(Path config, String export) throws Exception {
    Path out = dir.resolve("out");
    Set<Path> before =
        Files.isDirectory(out.resolve(export))
            ? new HashSet<>(ExportedRows.runDirs(out, export))
            : Set.of();
    Cli.Result result = Cli.run("run", "-c", config.toString(), "--export", export);
    assertThat(result.exitCode()).as(result.toString()).isZero();
    // The folder this run made: names sort by run id, which two quick runs can share a second of.
    return ExportedRows.newRunDir(out, export, before);
  }
}
