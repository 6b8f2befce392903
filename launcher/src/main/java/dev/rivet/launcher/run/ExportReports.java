package dev.rivet.launcher.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rivet.kernel.destination.Destination;
import dev.rivet.kernel.failure.ExitStatus;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.NoteCode;
import dev.rivet.launcher.audit.AuditTarget;
import dev.rivet.launcher.audit.OutputFormat;
import dev.rivet.launcher.audit.ReconcileOutput;
import dev.rivet.launcher.audit.ReconcileReport;
import dev.rivet.launcher.audit.RunAudit;
import dev.rivet.launcher.audit.ValidationOutput;
import dev.rivet.launcher.config.RivetConfig;
import dev.rivet.launcher.drift.DriftReport;
import dev.rivet.launcher.output.RunSummary;
import dev.rivet.launcher.output.RunSummaryPrinter;
import dev.rivet.launcher.shape.ShapeCheck;
import dev.rivet.pipeline.files.RunLayout;
import dev.rivet.pipeline.validate.ValidationReport;
import dev.rivet.state.RunRecord;
import dev.rivet.state.StateStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one {@code rivet run} reports about its exports: each published run's summary (text as the
 * run ends, or all together as JSON at the end), its validation and reconciliation when asked, and
 * the failures of exports that failed while others ran on. Decides the exit code of a run in which
 * no export failed: {@link ExitStatus#MISMATCH} when an audit found a mismatch.
 */
public final class ExportReports {
  private static final Logger LOG = LoggerFactory.getLogger(ExportReports.class);

  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean json;
  private final boolean validate;
  private final boolean reconcile;
  private final RunNotifications notifications;
  private final List<RunSummary> summaries = new ArrayList<>();
  private final List<ObjectNode> failures = new ArrayList<>();

  /** What the schema check found for each run, by run id. */
  private final Map<String, DriftReport> drift = new ConcurrentHashMap<>();

  private boolean auditMismatch;

  /**
   * The exports in config order while they run side by side ({@link #inOrder}): their reports are
   * held until every export before them has ended, so the summaries come out in config order.
   */
  private List<String> order = List.of();

  private final Map<String, StringWriter> held = new HashMap<>();
  private final Set<String> ended = new HashSet<>();
  private int shown;

  /** Whether standard output carries a run's data (so reports and errors go to stderr). */
  private volatile boolean dataOnStdout;

  /**
   * @param out standard output, where reports go unless it carries a run's data
   * @param err standard error
   * @param json whether summaries are printed together as one JSON document by {@link #finish}
   */
  public ExportReports(
      PrintWriter out,
      PrintWriter err,
      boolean json,
      boolean validate,
      boolean reconcile,
      boolean dataOnStdout,
      RunNotifications notifications) {
    this.out = out;
    this.err = err;
    this.json = json;
    this.validate = validate;
    this.reconcile = reconcile;
    this.dataOnStdout = dataOnStdout;
    this.notifications = notifications;
  }

  /** Whether standard output carries a run's data (so reports and errors go to stderr). */
  public boolean dataOnStdout() {
    return dataOnStdout;
  }

  /**
   * From now on, holds each export's text report until the exports before it in {@code exports}
   * (the config's order) have ended ({@link #ended}); the JSON summaries and failures are printed
   * in that order too.
   */
  synchronized void inOrder(List<String> exports) {
    order = List.copyOf(exports);
  }

  /** Export {@code export} ended (published or failed): prints the reports now due, in order. */
  synchronized void ended(String export) {
    ended.add(export);
    while (shown < order.size() && ended.contains(order.get(shown))) {
      StringWriter text = held.remove(order.get(shown));
      if (text != null) {
        reports().print(text);
        reports().flush();
      }
      shown++;
    }
  }

  /** Remembers what the schema check found for run {@code runId}, for its summary. */
  void drift(String runId, DriftReport report) {
    drift.put(runId, report);
  }

  /** Remembers an export that failed while others ran on, as its JSON error object. */
  public synchronized void failed(ObjectNode failure) {
    failures.add(failure);
  }

  /**
   * Prints the run's summary, then validates and/or reconciles it as asked and remembers any
   * mismatch. In JSON mode the audits go into the summary instead of being printed.
   */
  synchronized void report(
      StateStore store,
      RivetConfig cfg,
      ExportPlan plan,
      RunRecord run,
      ExportRunner exportRunner) {
    LOG.info("run 3/3: export {}: published run {}", plan.export().name(), run.runId());
    // A stored plan (--plan, --resume) may stream to standard output although the config no longer
    // does.
    dataOnStdout |= Destination.STDOUT.equals(outputOf(plan));
    RunSummary summary =
        RunSummary.of(
            run,
            store.chunks(run.runId()),
            store.chunkErrors(run.runId()),
            outputOf(plan),
            manifestOf(plan));
    summary = summary.withSchemaDrift(drift.get(run.runId()));
    summary = summary.withShapeDrift(ShapeCheck.of(store, plan, run));
    summary = summary.withGovernor(exportRunner.governorReport(run.runId()).orElse(null));
    summary = summary.withYield(yieldedTo(plan));
    summary = notifications.published(summary);
    PrintWriter reports = reports();
    if (order.contains(plan.export().name())) {
      StringWriter text = new StringWriter();
      held.put(plan.export().name(), text);
      reports = new PrintWriter(text);
    }
    if (!json) {
      RunSummaryPrinter.print(summary, reports);
    }
    AuditTarget target = validate || reconcile ? AuditTarget.of(store, run.runId()) : null;
    ObjectNode validation = null;
    ObjectNode reconciliation = null;
    boolean matches = true;
    Long rowsValidated = null;
    if (validate) {
      ValidationReport report = RunAudit.validate(store, target);
      matches &= report.matches();
      rowsValidated = report.rowsRead();
      if (!json) {
        ValidationOutput.print(report, OutputFormat.TEXT, reports);
      } else {
        validation = ValidationOutput.json(report);
      }
    }
    if (reconcile) {
      ReconcileReport report = RunAudit.reconcile(store, cfg.source(), target);
      matches &= report.matches();
      if (!json) {
        ReconcileOutput.print(report, OutputFormat.TEXT, reports);
      } else {
        reconciliation = ReconcileOutput.json(report);
      }
    }
    reports.flush();
    auditMismatch |= !matches;
    if (json) {
      summaries.add(
          validate || reconcile
              ? summary.withAudit(validation, reconciliation, matches, rowsValidated)
              : summary);
    }
  }

  /**
   * Prints the JSON summary of every run (JSON mode); returns the exit code of a run in which no
   * export failed.
   */
  public synchronized int finish() {
    if (json) {
      summaries.sort(Comparator.comparingInt(s -> order.indexOf(s.export())));
      failures.sort(Comparator.comparingInt(f -> order.indexOf(f.path("export").asText())));
      RunSummaryPrinter.printJson(summaries, failures, reports());
    }
    return (auditMismatch ? ExitStatus.MISMATCH : ExitStatus.SUCCESS).code();
  }

  /** Standard output, or standard error when the data itself goes to standard output. */
  private PrintWriter reports() {
    return dataOnStdout ? err : out;
  }

  /** The run's folder without a trailing slash, or {@code -} for standard output. */
  private static String outputOf(ExportPlan plan) {
    if (plan.export().destination() instanceof Destination.Stdout) {
      return Destination.STDOUT;
    }
    return RunLayout.of(plan).runFolder();
  }

  /** The run's manifest.json, or null for a run to standard output, which has none. */
  private static String manifestOf(ExportPlan plan) {
    if (plan.export().destination() instanceof Destination.Stdout) {
      return null;
    }
    return RunLayout.of(plan).file(RunLayout.MANIFEST).toString();
  }

  /** The other sessions the plan yielded to, from its note; null when it did not yield. */
  private static Integer yieldedTo(ExportPlan plan) {
    if (!plan.yields()) {
      return null;
    }
    return plan.notes().stream()
        .filter(n -> n.code() == NoteCode.YIELDING)
        .map(n -> Integer.valueOf(n.params().get("sessions")))
        .findFirst()
        .orElse(null);
  }
}
