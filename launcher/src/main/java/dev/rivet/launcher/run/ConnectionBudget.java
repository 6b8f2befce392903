package dev.rivet.launcher.run;

import dev.rivet.kernel.destination.Destination;
import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.Consistency;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.pipeline.inline.InlineExtract;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * The source connections that the exports of one {@code rivet run} share while they run side by
 * side: as many as the smallest {@code parallelism} among them (for {@code parallelism: auto}, its
 * profile's ceiling), so the run never holds more connections at once than the most cautious of its
 * exports would hold alone. A {@link Slot} of a small export (see {@link #small}) holds one of them
 * from planning to publishing; any other export {@linkplain Slot#alone runs alone}, holding all of
 * them, as every export ran before exports ran side by side. Fair: an export waiting to run alone
 * is not overtaken by small ones that come after it.
 */
final class ConnectionBudget {
  private final int connections;
  private final Semaphore permits;

  private ConnectionBudget(int connections) {
    this.connections = connections;
    this.permits = new Semaphore(connections, true);
  }

  /** The budget of {@code exports}: the smallest of their parallelisms (at least 1). */
  static ConnectionBudget of(List<ExportSpec> exports) {
    int least = exports.stream().mapToInt(ExportSpec::parallelism).min().orElse(1);
    return new ConnectionBudget(Math.max(1, least));
  }

  /** How many source connections the exports may hold at once. */
  int connections() {
    return connections;
  }

  /**
   * Whether a run of {@code plan} holds at most one source connection at a time and shares nothing
   * global with runs beside it: on the direct runner (it runs inline, without a pipeline), one
   * chunk read at a time (one chunk, or {@code parallelism} 1: see {@link InlineExtract#readers}),
   * no snapshot held open beside the reader ({@code consistency: snapshot}), and a local
   * destination (object stores register the run's storage options with Beam's process-wide file
   * systems). A governor's probe connection is not counted: it is one connection beyond the budget
   * for every export that probes, small or not.
   */
  static boolean small(ExportPlan plan, RunnerChoice runner) {
    ExportSpec export = plan.export();
    return runner.engine() == RunnerChoice.Engine.DIRECT
        && InlineExtract.readers(plan, plan.chunks()) == 1
        && export.consistency() != Consistency.SNAPSHOT
        && export.destination() instanceof Destination.Local;
  }

  /** Waits for one connection of the budget: what an export holds while it plans. */
  Slot slot() {
    acquire(1);
    return new Slot();
  }

  private void acquire(int n) {
    try {
      permits.acquire(n);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RivetException(
          FailureKind.INTERNAL,
          "interrupted while waiting for a source connection of the run's budget",
          "run rivet again; chunks already written are kept");
    }
  }

  /** The connections one export holds; closing it gives them back. */
  final class Slot implements AutoCloseable {
    private int held = 1;

    /**
     * Before the run of {@code plan} reads: keeps the one connection for a {@link #small} run;
     * otherwise gives it back and waits until no other export holds any, then holds them all.
     */
    void before(ExportPlan plan, RunnerChoice runner) {
      if (held == connections || small(plan, runner)) {
        return;
      }
      permits.release(held);
      held = 0;
      acquire(connections);
      held = connections;
    }

    @Override
    public void close() {
      permits.release(held);
      held = 0;
    }
  }
}
