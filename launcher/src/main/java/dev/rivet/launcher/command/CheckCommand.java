package dev.rivet.launcher.command;

import dev.rivet.kernel.failure.ExitStatus;
import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.launcher.config.RivetConfig;
import dev.rivet.launcher.output.CheckJson;
import dev.rivet.launcher.output.CheckPrinter;
import dev.rivet.pipeline.fidelity.OutputTypes;
import dev.rivet.planner.preflight.Preflight;
import dev.rivet.planner.preflight.PreflightReport;
import dev.rivet.planner.preflight.Verdict;
import dev.rivet.planner.quality.UniqueKeyProbe;
import dev.rivet.planner.quality.UniqueKeyStatus;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rivet check}: judges each export SAFE, DEGRADED or UNSAFE for its source before it runs,
 * from a plan made in memory, the source's facts and EXPLAIN of its chunk queries. Reads no data
 * rows and stores nothing; exits with {@link FailureKind#UNSAFE_FOR_SOURCE}'s code when any export
 * is UNSAFE.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description =
        "Preflight: plan each export in memory, read the source's limits, EXPLAIN the chunk"
            + " queries and judge the export SAFE, DEGRADED or UNSAFE, with fixes and a"
            + " recommended tuning; report whether the keys quality contracts declare unique are"
            + " backed by a unique index. Reads no rows (unless --count-duplicates), stores"
            + " nothing. Exit code 9 when any export is UNSAFE.")
final class CheckCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(CheckCommand.class);

  @Mixin ConfigOption config;

  @Option(names = "--export", paramLabel = "NAME", description = "Check only this export.")
  String export;

  @Mixin OutputOption output;

  @Option(
      names = "--count-duplicates",
      description =
          "Also count the source's duplicates of each key the exports' quality contracts declare"
              + " unique (quality.unique_columns). Costs one full scan of each relation with a"
              + " GROUP BY over the key; without it only the catalog is read.")
  boolean countDuplicates;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    RivetConfig cfg = config.config();
    List<ExportSpec> exports = config.exports(export);
    Map<String, String> marks = StoredMarks.of(config.stateLocation(), exports);
    Preflight preflight = new Preflight(Clock.systemUTC());
    List<PreflightReport> reports = new ArrayList<>();
    Map<String, List<UniqueKeyStatus>> uniqueKeys = new HashMap<>();
    Verdict verdict = Verdict.SAFE;
    for (int i = 0; i < exports.size(); i++) {
      ExportSpec spec = exports.get(i);
      LOG.info("check {}/{}: export {}", i + 1, exports.size(), spec.name());
      PreflightReport report = preflight.check(cfg.source(), spec, marks.get(spec.name()));
      // A column override the source's types do not allow fails the check (exit 2) here.
      OutputTypes.report(report.plan());
      reports.add(report);
      List<UniqueKeyStatus> keys = UniqueKeyProbe.probe(cfg.source(), spec, countDuplicates);
      if (!keys.isEmpty()) {
        uniqueKeys.put(spec.name(), keys);
      }
      verdict = Verdict.worse(verdict, report.verdict());
    }
    int exitCode = exitCode(verdict);
    PrintWriter out = this.spec.commandLine().getOut();
    if (output.json()) {
      out.println(CheckJson.render(reports, uniqueKeys, verdict, exitCode));
      out.flush();
    } else {
      CheckPrinter.print(reports, uniqueKeys, verdict, exitCode, out);
    }
    return exitCode;
  }

  /** 0 for SAFE and DEGRADED: a degraded export runs, and the findings say what to change. */
  static int exitCode(Verdict verdict) {
    return verdict == Verdict.UNSAFE
        ? FailureKind.UNSAFE_FOR_SOURCE.exitCode()
        : ExitStatus.SUCCESS.code();
  }
}
