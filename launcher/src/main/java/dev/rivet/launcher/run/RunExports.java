package dev.rivet.launcher.run;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.kernel.schema.SchemaChange;
import dev.rivet.launcher.config.RivetConfig;
import dev.rivet.launcher.drift.PlannedSchema;
import dev.rivet.launcher.drift.SchemaGate;
import dev.rivet.launcher.output.ErrorJson;
import dev.rivet.pipeline.logging.LogContext;
import dev.rivet.planner.preflight.Verdict;
import dev.rivet.state.LeaseFence;
import dev.rivet.state.RunRecord;
import dev.rivet.state.StateStore;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the exports of one {@code rivet run} under their leases: each resumes its unfinished run of
 * the same config or plans and runs a new one ({@link #all}), or the stored plans given by {@code
 * --plan} or {@code --resume} are run. Each published run is reported to {@link ExportReports}.
 */
public final class RunExports {
  private static final Logger LOG = LoggerFactory.getLogger(RunExports.class);

  private final StateStore store;
  private final RivetConfig cfg;
  private final ExportRunner exportRunner;
  private final RunRequest request;
  private final RunNotifications notifications;
  private final ExportReports reports;
  private final PrintWriter err;

  /** The run the export being run got, once it has one: what a failure of it concerns. */
  private volatile String currentRunId;

  public RunExports(
      StateStore store,
      RivetConfig cfg,
      ExportRunner exportRunner,
      RunRequest request,
      RunNotifications notifications,
      ExportReports reports,
      PrintWriter err) {
    this.store = store;
    this.cfg = cfg;
    this.exportRunner = exportRunner;
    this.request = request;
    this.notifications = notifications;
    this.reports = reports;
    this.err = err;
  }

  /** The run of the export that failed, or null when it failed before it had one. */
  public String failedRunId() {
    return currentRunId;
  }

  /** Finishes the unfinished runs {@code --resume} names (run {@code planId}, or each export's). */
  public int resume(String planId, List<ExportSpec> exports) {
    for (ExportPlan plan : StoredPlans.resumable(store, planId, exports, cfg)) {
      try (ExportLease lease = ExportLease.acquire(store, plan.export().name())) {
        // Checked again under the lease: the holder before may have finished the run.
        StoredPlans.resumable(store, plan.runId(), List.of(), cfg);
        requireUnchangedSchema(
            plan, "run 'rivet run' without --resume: it plans a new run under the new schema");
        try (LogContext.Scope log = LogContext.run(plan.export().name(), plan.runId())) {
          LOG.info("run 1/3: export {}: resuming run {}", plan.export().name(), plan.runId());
          readingUnder(plan);
          reports.report(
              store,
              cfg,
              plan,
              exportRunner.resume(cfg.source(), plan, request.runner(), lease.fence()),
              exportRunner);
        }
      } catch (RuntimeException e) {
        notifications.failed(plan.export().name(), e, err);
        throw e;
      }
    }
    return reports.finish();
  }

  /** Runs the stored plan {@code planId} ({@code --plan}) exactly. */
  public int stored(String planId, String export) {
    ExportPlan plan = StoredPlans.runnable(store, planId, export, cfg.source());
    try (ExportLease lease = ExportLease.acquire(store, plan.export().name())) {
      StoredPlans.runnable(store, planId, export, cfg.source()); // still PLANNED, under lease
      admit(plan);
      requireUnchangedSchema(
          plan, "plan again ('rivet plan', or 'rivet run' without --plan) under the new schema");
      LOG.info("run 1/3: export {}: using stored plan {}", plan.export().name(), planId);
      runAndReport(plan, lease.fence(), new Attempt(exportRunner, null));
    } catch (RuntimeException e) {
      notifications.failed(plan.export().name(), e, err);
      throw e;
    }
    return reports.finish();
  }

  /**
   * Runs every export, side by side within the source's {@link ConnectionBudget} (one after the
   * other when it is one connection). One export's failure does not keep the others from running,
   * except where data goes to standard output (a reader of that stream must see it end at the
   * failure; such runs go one after the other) or there is only one export: then it is thrown.
   * Summaries come out in config order; the exit code is that of the first export in config order
   * that failed.
   *
   * @param printFailure prints a failure on standard error, returning its kind
   */
  public int all(List<ExportSpec> exports, Function<RuntimeException, FailureKind> printFailure) {
    boolean throwing = exports.size() == 1 || reports.dataOnStdout();
    ConnectionBudget budget = throwing ? null : ConnectionBudget.of(exports);
    List<FailureKind> kinds = new ArrayList<>();
    if (budget == null || budget.connections() == 1) {
      for (ExportSpec exportSpec : exports) {
        kinds.add(attempt(exportSpec, exportRunner, budget, printFailure, throwing));
      }
    } else {
      LOG.info(
          "run: {} exports side by side, at most {} source connection(s) at once (the smallest"
              + " parallelism among them)",
          exports.size(),
          budget.connections());
      reports.inOrder(exports.stream().map(ExportSpec::name).toList());
      ExportRunner sideBySide = exportRunner.sideBySide();
      kinds =
          SideBySide.run(
              exports,
              Math.min(budget.connections(), exports.size()),
              spec -> attempt(spec, sideBySide, budget, printFailure, false));
    }
    List<String> failed = new ArrayList<>();
    FailureKind firstFailure = null;
    for (int i = 0; i < exports.size(); i++) {
      FailureKind kind = kinds.get(i);
      if (kind != null) {
        failed.add(exports.get(i).name() + " (exit code " + kind.exitCode() + ")");
        firstFailure = firstFailure == null ? kind : firstFailure;
      }
    }
    if (firstFailure != null) {
      // The summaries of the exports that ran (JSON mode); the exit code is the failure's.
      reports.finish();
      err.printf(
          "rivet: %d of %d exports failed: %s; the others ran (see above). Exit code %d is"
              + " the first failure's.%n",
          failed.size(), exports.size(), String.join(", ", failed), firstFailure.exitCode());
      err.flush();
      return firstFailure.exitCode();
    }
    return reports.finish();
  }

  /**
   * Runs one export under its lease, holding a slot of {@code budget} (when not null); returns the
   * kind of its failure, or null when its run was published.
   *
   * @param throwing throw the failure instead of printing it and returning its kind
   */
  private FailureKind attempt(
      ExportSpec exportSpec,
      ExportRunner runner,
      ConnectionBudget budget,
      Function<RuntimeException, FailureKind> printFailure,
      boolean throwing) {
    // Before looking at the export's runs: what to resume or abandon is decided under lease.
    currentRunId = null;
    Attempt attempt = new Attempt(runner, budget == null ? null : budget.slot());
    try (ConnectionBudget.Slot slot = attempt.slot;
        LogContext.Scope log = LogContext.export(exportSpec.name());
        ExportLease lease = ExportLease.acquire(store, exportSpec.name())) {
      runExport(exportSpec, lease.fence(), attempt);
      return null;
    } catch (RuntimeException e) {
      notifications.failed(exportSpec.name(), e, err);
      if (throwing) {
        throw e;
      }
      FailureKind kind;
      synchronized (err) {
        kind = printFailure.apply(e);
      }
      reports.failed(
          ErrorJson.error(Failures.explain(e), exportSpec.name()).put("run", attempt.runId));
      return kind;
    } finally {
      reports.ended(exportSpec.name());
    }
  }

  /** One export's run in this process: the runner it uses, its slot, the run it got. */
  private static final class Attempt {
    final ExportRunner runner;
    final ConnectionBudget.Slot slot;
    String runId;

    Attempt(ExportRunner runner, ConnectionBudget.Slot slot) {
      this.runner = runner;
      this.slot = slot;
    }

    /** Before {@code plan}'s rows are read: waits for the connections its run needs. */
    void beforeReading(ExportPlan plan, RunnerChoice choice) {
      if (slot != null) {
        slot.before(plan, choice);
      }
    }
  }

  /** Resumes the export's unfinished run of the same config, or plans and runs a new one. */
  private void runExport(ExportSpec exportSpec, LeaseFence fence, Attempt attempt) {
    Optional<ExportPlan> unfinished =
        request.fresh()
            ? Optional.empty()
            : StoredPlans.autoResumable(store, exportSpec, cfg.source());
    if (unfinished.isPresent()) {
      List<SchemaChange> changed =
          PlannedSchema.changesSincePlanned(cfg.source(), unfinished.get());
      if (!changed.isEmpty()) {
        // Resuming would mix two schemas in one run, and retrying it fails again: give it up.
        store.runAbandoned(unfinished.get().runId(), PlannedSchema.abandonReason(changed));
        err.printf(
            "export %s: unfinished run %s was planned under another source schema; it is"
                + " abandoned (its files are never published) and a new run is planned%n",
            exportSpec.name(), unfinished.get().runId());
        unfinished = Optional.empty();
      }
    }
    if (unfinished.isPresent() && !ExportRunner.resumable(unfinished.get())) {
      // Its snapshot ended with the process that ran it: finishing it would mix points in time.
      store.runAbandoned(
          unfinished.get().runId(),
          "abandoned: a consistency: snapshot run cannot be resumed (its snapshot ended with the"
              + " process that ran it)");
      err.printf(
          "export %s: unfinished run %s read one snapshot (consistency: snapshot) and cannot"
              + " be resumed; it is abandoned (its files are never published) and a new run"
              + " is planned%n",
          exportSpec.name(), unfinished.get().runId());
      unfinished = Optional.empty();
    }
    if (unfinished.isPresent()) {
      ExportPlan plan = unfinished.get();
      reports.drift(plan.runId(), SchemaGate.inspect(plan, store));
      // On the error stream like progress, but always shown: the user asked for a new run.
      err.printf(
          "export %s: resuming unfinished run %s of the same config"
              + " (--fresh starts a new run instead)%n",
          exportSpec.name(), plan.runId());
      readingUnder(plan);
      attempt.runId = plan.runId();
      attempt.beforeReading(plan, request.runner());
      try (LogContext.Scope log = LogContext.run(exportSpec.name(), plan.runId())) {
        reports.report(
            store,
            cfg,
            plan,
            attempt.runner.resume(cfg.source(), plan, request.runner(), fence),
            attempt.runner);
      }
      return;
    }
    Optional<RunRecord> superseded = StoredPlans.unfinishedNewest(store, exportSpec.name());
    LOG.info(
        "run 1/3: export {}: planning {}", exportSpec.name(), exportSpec.relation().describe());
    ExportPlan plan = attempt.runner.plan(cfg.source(), exportSpec);
    admit(plan);
    reports.drift(plan.runId(), SchemaGate.admit(plan, store, err));
    superseded.ifPresent(
        old -> {
          store.runAbandoned(
              old.runId(), "abandoned: superseded by run " + plan.runId() + supersededWhy(old));
          err.printf(
              "export %s: unfinished run %s is abandoned (its files are never published)%n",
              exportSpec.name(), old.runId());
        });
    runAndReport(plan, fence, attempt);
  }

  /**
   * Says so on the error stream when a resumed run reads under other governor settings than it was
   * planned with (the config's now: a user who stopped a run that hurt the source and lowered its
   * limits sees them taken).
   */
  private void readingUnder(ExportPlan resumed) {
    String change = StoredPlans.governorChange(store, resumed);
    if (!change.isEmpty()) {
      err.printf(
          "export %s: run %s reads under the governor settings of the config now: %s%n",
          resumed.export().name(), resumed.runId(), change);
    }
  }

  /**
   * Abandons a stored run and throws when the source's columns changed since it was planned: it
   * would publish files of two schemas, and would fail the same way on every retry.
   */
  private void requireUnchangedSchema(ExportPlan plan, String nextStep) {
    List<SchemaChange> changed = PlannedSchema.changesSincePlanned(cfg.source(), plan);
    if (!changed.isEmpty()) {
      store.runAbandoned(plan.runId(), PlannedSchema.abandonReason(changed));
      throw PlannedSchema.stale(plan, changed, nextStep);
    }
    reports.drift(plan.runId(), SchemaGate.inspect(plan, store));
  }

  private void admit(ExportPlan plan) {
    PreflightGate gate = new PreflightGate(Clock.systemUTC(), request.force());
    if (gate.admit(cfg.source(), plan, store, err) == Verdict.DEGRADED) {
      notifications.degraded(plan.runId());
    }
  }

  private String supersededWhy(RunRecord old) {
    if (FailureKind.QUALITY.name().equals(old.errorClass())) {
      return " (it failed its quality contract)";
    }
    return request.fresh() ? " (--fresh)" : " (planned with another config, or a time window)";
  }

  private void runAndReport(ExportPlan plan, LeaseFence fence, Attempt attempt) {
    currentRunId = plan.runId();
    attempt.runId = plan.runId();
    attempt.beforeReading(plan, request.runner());
    try (LogContext.Scope log = LogContext.run(plan.export().name(), plan.runId())) {
      reports.report(
          store,
          cfg,
          plan,
          attempt.runner.run(cfg.source(), plan, request.runner(), fence),
          attempt.runner);
    }
  }
}
