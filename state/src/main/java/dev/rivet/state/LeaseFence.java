package dev.rivet.state;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import java.io.Serializable;
import java.util.Objects;
import java.util.Optional;

/**
 * What a lease holder checks before it writes: that the export's lease is still its own, with the
 * token it was granted. A holder paused past its lease (SIGSTOP, a frozen VM, a long GC) whose
 * export was taken over finds another holder or a higher token, and must stop without writing.
 * Serializable: pipeline steps carry it to where chunks are written.
 */
public record LeaseFence(String export, String holder, long token) implements Serializable {
  private static final long serialVersionUID = 1L;

  public LeaseFence {
    Objects.requireNonNull(export, "export");
    Objects.requireNonNull(holder, "holder");
  }

  /**
   * Returns when the lease is still this fence's; throws otherwise.
   *
   * @param doing what was about to be written, e.g. {@code "writing chunk 3"}
   * @throws LeaseLostException when another holder took the export over, or the lease is gone
   */
  public void check(StateStore store, String doing) {
    Optional<Lease> now = store.lease(export);
    if (now.isPresent() && now.get().isHeldBy(holder) && now.get().token() == token) {
      return;
    }
    String what =
        now.map(
                l ->
                    l.holder()
                        + " took the export over at "
                        + l.acquiredAt()
                        + " (lease token "
                        + l.token()
                        + "; this process held token "
                        + token
                        + ")")
            .orElse("its lease is gone (released by a process that took the export over)");
    throw new LeaseLostException(
        "export '"
            + export
            + "': this process ("
            + holder
            + ") no longer holds the export's lease: "
            + what
            + ". It was paused or cut off from the state store for longer than the lease's time"
            + " to live; it stops before "
            + doing
            + " and writes nothing more",
        "nothing to do if the process that took over finishes the run (see `rivet state runs`);"
            + " if processes are paused for long (suspended VMs, debuggers), raise"
            + " RIVET_LEASE_TTL_SECONDS");
  }

  /** The export's lease passed to another holder: this one must not write. Exit code 6. */
  public static final class LeaseLostException extends RivetException {
    private static final long serialVersionUID = 1L;

    LeaseLostException(String message, String hint) {
      super(FailureKind.STATE, message, hint);
    }
  }
}
