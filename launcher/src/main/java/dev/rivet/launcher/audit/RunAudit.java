package dev.rivet.launcher.audit;

import dev.rivet.kernel.destination.Destination;
import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.pipeline.validate.RunValidator;
import dev.rivet.pipeline.validate.ValidationReport;
import dev.rivet.state.StateStore;

/**
 * The audits of one succeeded run, for {@code rivet validate}, {@code rivet reconcile} and {@code
 * rivet run --validate/--reconcile}: each reads only and may be repeated any number of times.
 */
public final class RunAudit {
  private RunAudit() {}

  /** Re-reads the run's files and checks them against the state store and the manifest. */
  public static ValidationReport validate(StateStore store, AuditTarget target) {
    if (target.plan().export().destination() instanceof Destination.Stdout) {
      throw new RivetException(
          FailureKind.USER_CONFIG,
          "run "
              + target.run().runId()
              + " of export '"
              + target.plan().export().name()
              + "' went to standard output, which cannot be read back",
          "reconcile it against the source instead: rivet reconcile --run " + target.run().runId());
    }
    return RunValidator.validate(target.plan(), store.files(target.run().runId()));
  }

  /** Counts the source rows of each chunk range of the run and compares them with its chunks. */
  public static ReconcileReport reconcile(
      StateStore store, SourceConnection source, AuditTarget target) {
    return SourceReconciler.reconcile(source, target.plan(), store.chunks(target.run().runId()));
  }
}
