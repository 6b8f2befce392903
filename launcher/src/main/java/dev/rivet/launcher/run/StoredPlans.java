package dev.rivet.launcher.run;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.kernel.plan.GovernorSettings;
import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.kernel.plan.TimeWindowMode;
import dev.rivet.kernel.source.SourceKind;
import dev.rivet.launcher.config.RivetConfig;
import dev.rivet.launcher.output.GovernorText;
import dev.rivet.state.RunRecord;
import dev.rivet.state.RunStatus;
import dev.rivet.state.StateStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Finds a stored plan that {@code rivet run --plan} may execute, or says why it may not. */
final class StoredPlans {
  private StoredPlans() {}

  /**
   * The plans {@code rivet run --resume} finishes: the run given by id, or for each export the
   * newest run, which must be unfinished (RUNNING after a crash, or FAILED); each read under the
   * governor settings of its export in {@code exports} ({@link #resumedUnder}).
   */
  static List<ExportPlan> resumable(
      StateStore store, String runId, List<ExportSpec> exports, RivetConfig config) {
    List<ExportPlan> plans = new ArrayList<>();
    if (runId != null) {
      ExportPlan plan = unfinished(store, runId, config.source());
      Optional<ExportSpec> now =
          exports.stream().filter(e -> e.name().equals(plan.export().name())).findFirst();
      now.ifPresent(e -> requireSameConfig(plan, e));
      plans.add(now.map(e -> resumedUnder(plan, e)).orElse(plan));
      return plans;
    }
    for (ExportSpec export : exports) {
      List<RunRecord> newest = store.runs(export.name(), 1);
      if (newest.isEmpty()) {
        throw new RivetException(
            FailureKind.USER_CONFIG,
            "export '" + export.name() + "' has no run to resume",
            "run it without --resume");
      }
      ExportPlan plan = unfinished(store, newest.get(0).runId(), config.source());
      requireSameConfig(plan, export);
      plans.add(resumedUnder(plan, export));
    }
    return plans;
  }

  /**
   * The newest run of {@code export} when it is unfinished (RUNNING after a crash, or FAILED) and
   * was planned from the same export config, which a plain {@code rivet run} then finishes instead
   * of starting over. A time window is never resumed this way: a new run reads a newer window; nor
   * is a run that failed its quality contract, whose files would fail it again. The plan returned
   * reads under the governor settings of {@code export} ({@link #resumedUnder}).
   */
  static Optional<ExportPlan> autoResumable(
      StateStore store, ExportSpec export, SourceConnection source) {
    if (export.mode() instanceof TimeWindowMode) {
      return Optional.empty();
    }
    List<RunRecord> newest = store.runs(export.name(), 1);
    if (newest.isEmpty()
        || (newest.get(0).status() != RunStatus.FAILED
            && newest.get(0).status() != RunStatus.RUNNING)) {
      return Optional.empty();
    }
    if (FailureKind.QUALITY.name().equals(newest.get(0).errorClass())) {
      // Its files broke the quality contract: finishing it would publish nothing new; read again.
      return Optional.empty();
    }
    Optional<ExportPlan> plan = store.findPlan(newest.get(0).runId());
    if (plan.isEmpty()
        || !comparable(plan.get().export(), export).equals(export)
        || source.kind() != plan.get().source()) {
      return Optional.empty();
    }
    return plan.map(p -> resumedUnder(p, export));
  }

  /**
   * {@code planned} as compared with the config {@code now}: with the governor settings that change
   * nothing in the rows a resumed run writes taken from {@code now} ({@link
   * GovernorSettings#readingAs}). {@code tuning.yield_to_sessions} decided the plan's parallelism
   * and read once, from the sessions seen when it was planned; the source thresholds and rate
   * limits ({@code max_source_latency}, {@code max_replica_lag}, {@code max_rows_per_second},
   * {@code max_bytes_per_second}) act only while the run reads, so a user who stops a run that
   * hurts the source can lower them and resume; a plan stored by a Rivet before a key reads it as
   * 0.
   */
  static ExportSpec comparable(ExportSpec planned, ExportSpec now) {
    return planned.withGovernor(planned.governor().readingAs(now.governor()));
  }

  /**
   * {@code plan} as a resumed run reads it under the config {@code now}: its chunks, with the
   * governor settings of {@code now} ({@link #comparable}); the stored plan keeps those it was
   * planned with.
   */
  static ExportPlan resumedUnder(ExportPlan plan, ExportSpec now) {
    return plan.withGovernor(comparable(plan.export(), now).governor());
  }

  /**
   * The governor settings {@code resumed} reads under when they differ from those its stored plan
   * was planned with ({@link GovernorText#change}); empty when they read the same.
   */
  static String governorChange(StateStore store, ExportPlan resumed) {
    return store
        .findPlan(resumed.runId())
        .map(p -> GovernorText.change(p.export().governor(), resumed.export().governor()))
        .orElse("");
  }

  /** The export's newest run when it is unfinished (RUNNING or FAILED). */
  static Optional<RunRecord> unfinishedNewest(StateStore store, String export) {
    return store.runs(export, 1).stream()
        .filter(r -> r.status() == RunStatus.RUNNING || r.status() == RunStatus.FAILED)
        .findFirst();
  }

  /** Refuses to resume a run whose export config has changed since it was planned. */
  static void requireSameConfig(ExportPlan plan, ExportSpec now) {
    List<String> changes = ConfigChanges.between(comparable(plan.export(), now), now);
    if (!changes.isEmpty()) {
      throw new RivetException(
          FailureKind.USER_CONFIG,
          "run '"
              + plan.runId()
              + "' of export '"
              + now.name()
              + "' was planned with another config ("
              + String.join("; ", changes)
              + "); resuming it would mix two configs in one run",
          "run without --resume to plan afresh with the new config, or restore the old values"
              + " and resume");
    }
  }

  private static ExportPlan unfinished(StateStore store, String runId, SourceConnection source) {
    RunRecord run = find(store, runId);
    if (run.status() == RunStatus.SUCCEEDED) {
      throw new RivetException(
          FailureKind.USER_CONFIG,
          "run '"
              + runId
              + "' of export '"
              + run.export()
              + "' already succeeded; nothing to resume",
          "run the export without --resume to extract it again (a new run)");
    }
    return checkedPlan(store, runId, null, source);
  }

  private static RunRecord find(StateStore store, String runId) {
    return store
        .run(runId)
        .orElseThrow(
            () ->
                new RivetException(
                    FailureKind.USER_CONFIG,
                    "no stored plan with run id '" + runId + "'",
                    "list plans with 'rivet state runs'; create one with 'rivet plan'"));
  }

  static ExportPlan runnable(
      StateStore store, String runId, String exportFilter, SourceConnection source) {
    RunRecord run = find(store, runId);
    if (run.status() != RunStatus.PLANNED) {
      throw new RivetException(
          FailureKind.USER_CONFIG,
          "run '" + runId + "' has status " + run.status() + "; only a PLANNED run can be run",
          run.status() == RunStatus.SUCCEEDED
              ? "plan again with 'rivet plan' (or 'rivet run' without --plan)"
              : "finish it with 'rivet run --resume --plan " + runId + "', or plan again");
    }
    return checkedPlan(store, runId, exportFilter, source);
  }

  private static ExportPlan checkedPlan(
      StateStore store, String runId, String exportFilter, SourceConnection source) {
    ExportPlan plan =
        store
            .findPlan(runId)
            .orElseThrow(
                () ->
                    new RivetException(
                        FailureKind.STATE,
                        "run '" + runId + "' has no stored plan",
                        "plan again with 'rivet plan'"));
    if (exportFilter != null && !exportFilter.equals(plan.export().name())) {
      throw new RivetException(
          FailureKind.USER_CONFIG,
          "plan '"
              + runId
              + "' is for export '"
              + plan.export().name()
              + "', not '"
              + exportFilter
              + "'",
          "drop --export, or pass the run id of a plan of '" + exportFilter + "'");
    }
    SourceKind configured = source.kind();
    if (configured != plan.source()) {
      throw new RivetException(
          FailureKind.USER_CONFIG,
          "plan '"
              + runId
              + "' was made for a "
              + plan.source().wireName()
              + " source, but the config's"
              + " source is "
              + configured.wireName(),
          "run it with the config it was planned with");
    }
    return plan;
  }
}
