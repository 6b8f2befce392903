package dev.rivet.launcher.command;

import dev.rivet.kernel.failure.ExitStatus;
import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.launcher.config.ConfigLoader;
import dev.rivet.launcher.config.RivetConfig;
import dev.rivet.launcher.init.Proposals;
import dev.rivet.launcher.init.TableProposal;
import dev.rivet.launcher.output.InitJson;
import dev.rivet.launcher.output.InitYaml;
import dev.rivet.launcher.output.JsonDocument;
import dev.rivet.planner.connect.SourceConnector;
import dev.rivet.planner.dialect.Catalog;
import dev.rivet.planner.dialect.Dialect;
import dev.rivet.planner.dialect.TableSummary;
import dev.rivet.planner.preflight.Finding;
import dev.rivet.planner.preflight.Preflight;
import dev.rivet.planner.preflight.PreflightReport;
import dev.rivet.planner.preflight.Severity;
import dev.rivet.planner.preflight.Verdict;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rivet init}: connects to a source, lists its tables and writes a commented {@code
 * rivet.yaml} with one export per table, then runs {@code rivet check}'s preflight on it; an export
 * judged UNSAFE is written commented out, so the file as written passes {@code rivet check}. Reads
 * the catalog and EXPLAINs, never data rows; never overwrites a file without {@code --force}.
 */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description =
        "Write a commented rivet.yaml for a source: one export per table with the proposed mode"
            + " and why, the chunk key and cursor candidates, the estimated size and the columns"
            + " whose types need review; then check it as rivet check does. Reads the catalog"
            + " only. Never overwrites a file without --force.")
final class InitCommand implements Callable<Integer> {
  static final String SOURCE_ENV = "RIVET_SOURCE_URL";
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      defaultValue = "rivet.yaml",
      description = "The file to write (default: ${DEFAULT-VALUE}).")
  Path file;

  @Option(
      names = "--source",
      paramLabel = "URL",
      description =
          "The source, as source.url takes it: postgresql://user@host:5432/db, mysql://...,"
              + " mariadb://... or a jdbc: URL (default: $"
              + SOURCE_ENV
              + "). Never with a password: use --password-env.")
  String source;

  @Option(names = "--user", paramLabel = "NAME", description = "The user, when the URL has none.")
  String user;

  @Option(
      names = "--password-env",
      paramLabel = "VAR",
      description = "The environment variable holding the password; written as password_env.")
  String passwordEnv;

  @Option(
      names = "--schema",
      paramLabel = "NAME",
      description =
          "Only this schema (MySQL/MariaDB: database). Default: every schema the user can read"
              + " (MySQL/MariaDB: the URL's database).")
  String schema;

  @Option(
      names = "--include",
      paramLabel = "GLOB",
      description = "Only tables whose name or schema.name matches (* and ?; repeatable).")
  List<String> include = new ArrayList<>();

  @Option(
      names = "--exclude",
      paramLabel = "GLOB",
      description = "Leave out tables whose name or schema.name matches (repeatable).")
  List<String> exclude = new ArrayList<>();

  @Option(
      names = "--destination",
      paramLabel = "DEST",
      defaultValue = "./out",
      description = "defaults.destination in the file (default: ${DEFAULT-VALUE}).")
  String destination;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "parquet",
      description = "defaults.format: parquet (default) or csv.")
  String format;

  @Option(
      names = "--full-below",
      paramLabel = "ROWS",
      defaultValue = "1000000",
      description =
          "Propose a full copy each run for tables with fewer estimated rows; larger tables with"
              + " an indexed updated_at-like column get incremental (default: ${DEFAULT-VALUE}).")
  long fullBelow;

  @Option(names = "--force", description = "Overwrite the file when it exists.")
  boolean force;

  @Mixin OutputOption output;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    Path target = file.toAbsolutePath().normalize();
    if (Files.exists(target) && !force) {
      throw userError(
          target + " already exists", "pass --force to overwrite it, or -c to write another file");
    }
    String url = source != null ? source : System.getenv(SOURCE_ENV);
    if (url == null || url.isBlank()) {
      throw userError(
          "no source to read: --source is not given and " + SOURCE_ENV + " is not set",
          "pass --source postgresql://user@host:5432/database (or mysql://...)");
    }
    if (ConfigLoader.urlHoldsPassword(url)) {
      throw userError(
          "the --source URL holds a password, which init would write into " + target.getFileName(),
          "remove the password from the URL and pass --password-env VAR with the password in VAR");
    }
    if (passwordEnv != null) {
      String value = System.getenv(passwordEnv);
      if (value == null || value.isEmpty()) {
        throw userError(
            "--password-env " + passwordEnv + ": the environment variable is not set or empty",
            "export " + passwordEnv + "=<password> first, or fix the variable's name");
      }
    }
    if (fullBelow < 0) {
      throw userError(
          "--full-below " + fullBelow + " is negative", "pass a row count, e.g. 1000000");
    }
    String fileFormat = format.toLowerCase(Locale.ROOT);
    if (!fileFormat.equals("parquet") && !fileFormat.equals("csv")) {
      throw userError("--format '" + format + "' is not a format", "pass parquet or csv");
    }
    Path dir = target.getParent();
    if (!Files.isDirectory(dir)) {
      throw userError(dir + " is not a directory", "create it first, or -c a file in another one");
    }
    InitYaml.Header header =
        new InitYaml.Header(
            url,
            user,
            passwordEnv,
            describeScope(url),
            destination,
            fileFormat,
            LocalDate.now(ZoneOffset.UTC).toString());
    // A scratch file beside the target, so relative paths in it resolve as in the final file.
    Path scratch = Files.createTempFile(dir, ".rivet-init-", ".yaml");
    try {
      Files.writeString(
          scratch,
          InitYaml.render(header, List.of(), Map.of(), Map.of(), Set.of()),
          StandardCharsets.UTF_8);
      SourceConnection connection = ConfigLoader.loadSource(scratch, System.getenv());
      List<TableProposal> proposals = propose(connection);
      Files.writeString(
          scratch,
          InitYaml.render(header, proposals, Map.of(), Map.of(), Set.of()),
          StandardCharsets.UTF_8);
      RivetConfig config = ConfigLoader.load(scratch);
      Map<String, String> verdicts = new HashMap<>();
      Map<String, List<Finding>> notes = new HashMap<>();
      Set<String> unsafe = new HashSet<>();
      Preflight preflight = new Preflight(Clock.systemUTC());
      for (ExportSpec export : config.exports()) {
        PreflightReport report = preflight.check(config.source(), export, null);
        verdicts.put(export.name(), report.verdict().name());
        notes.put(
            export.name(),
            report.findings().stream().filter(f -> f.severity() != Severity.INFO).toList());
        if (report.verdict() == Verdict.UNSAFE) {
          unsafe.add(export.name());
        }
      }
      String text = InitYaml.render(header, proposals, verdicts, notes, unsafe);
      Files.writeString(scratch, text, StandardCharsets.UTF_8);
      try {
        if (force) {
          Files.move(scratch, target, StandardCopyOption.REPLACE_EXISTING);
        } else {
          Files.move(scratch, target);
        }
      } catch (FileAlreadyExistsException e) {
        throw userError(
            target + " appeared while init ran",
            "pass --force to overwrite it, or -c another file");
      }
      print(target, proposals, verdicts, unsafe);
      return unsafe.size() == proposals.size()
          ? FailureKind.UNSAFE_FOR_SOURCE.exitCode()
          : ExitStatus.SUCCESS.code();
    } finally {
      Files.deleteIfExists(scratch);
    }
  }

  private List<TableProposal> propose(SourceConnection connection) {
    Dialect dialect = Dialect.of(connection.kind());
    try (Connection c = SourceConnector.open(connection)) {
      Catalog catalog = dialect.catalog(c);
      List<TableSummary> tables = new ArrayList<>();
      List<String> skipped = new ArrayList<>();
      for (TableSummary table : catalog.tables(schema)) {
        String name = table.table().name();
        String qualified = table.table().schema() + "." + name;
        if (!include.isEmpty() && !matchesAny(include, name, qualified)) {
          continue;
        }
        if (matchesAny(exclude, name, qualified)) {
          continue;
        }
        if (!IDENTIFIER.matcher(name).matches()
            || !IDENTIFIER.matcher(table.table().schema()).matches()) {
          skipped.add(qualified);
          continue;
        }
        tables.add(table);
      }
      if (tables.isEmpty()) {
        throw userError(
            "no table to export"
                + (schema == null ? "" : " in schema " + schema)
                + (include.isEmpty() && exclude.isEmpty() ? "" : " matching --include/--exclude")
                + (skipped.isEmpty()
                    ? ""
                    : " (left out, as names a config cannot hold yet: " + skipped + ")"),
            "check --schema, --include and --exclude, and that the user may SELECT the tables");
      }
      Set<String> schemas = new HashSet<>();
      tables.forEach(t -> schemas.add(t.table().schema()));
      List<TableProposal> proposals = new ArrayList<>();
      for (TableSummary table : tables) {
        String name =
            schemas.size() == 1
                ? table.table().name()
                : table.table().schema() + "." + table.table().name();
        proposals.add(
            Proposals.propose(
                catalog, connection.kind(), table, name.replace('$', '_'), fullBelow));
      }
      return proposals;
    } catch (SQLException e) {
      throw new RivetException(
          FailureKind.SOURCE_TRANSIENT,
          "closing the source connection failed: " + e.getMessage(),
          "run rivet init again",
          e);
    }
  }

  private String describeScope(String url) {
    return url
        + (schema == null ? "" : ", schema " + schema)
        + (include.isEmpty() ? "" : ", including " + String.join(", ", include))
        + (exclude.isEmpty() ? "" : ", excluding " + String.join(", ", exclude));
  }

  private void print(
      Path target,
      List<TableProposal> proposals,
      Map<String, String> verdicts,
      Set<String> unsafe) {
    PrintWriter out = spec.commandLine().getOut();
    if (output.json()) {
      JsonDocument.print(InitJson.of(target.toString(), proposals, verdicts, unsafe), out);
      return;
    }
    long incremental =
        proposals.stream().filter(p -> p.incremental() && !unsafe.contains(p.exportName())).count();
    long active = proposals.size() - unsafe.size();
    out.printf(
        "wrote %s: %d export(s), %d incremental, %d full%s%n",
        target,
        active,
        incremental,
        active - incremental,
        unsafe.isEmpty() ? "" : "; " + unsafe.size() + " UNSAFE, left commented out");
    for (TableProposal p : proposals) {
      out.printf(
          "  %-30s %-11s %s%s%n",
          p.exportName(),
          p.incremental() ? "incremental" : "full",
          verdicts.getOrDefault(p.exportName(), "?"),
          p.review().isEmpty() ? "" : ", " + p.review().size() + " column(s) to review");
    }
    out.println("next: rivet check -c " + file + ", then rivet run -c " + file);
    out.flush();
  }

  private static boolean matchesAny(List<String> globs, String name, String qualified) {
    for (String glob : globs) {
      Pattern p = glob(glob);
      if (p.matcher(name).matches() || p.matcher(qualified).matches()) {
        return true;
      }
    }
    return false;
  }

  static Pattern glob(String glob) {
    StringBuilder regex = new StringBuilder();
    for (char ch : glob.toCharArray()) {
      if (ch == '*') {
        regex.append(".*");
      } else if (ch == '?') {
        regex.append('.');
      } else {
        regex.append(Pattern.quote(String.valueOf(ch)));
      }
    }
    return Pattern.compile(regex.toString());
  }

  private static RivetException userError(String message, String hint) {
    return new RivetException(FailureKind.USER_CONFIG, "rivet init: " + message, hint);
  }
}
