package dev.rivet.pipeline.finalize;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import java.util.List;

/**
 * A run was not published because files it wrote are gone or changed since they were written
 * (deleted or overwritten by someone else). The chunks that wrote them were marked failed in the
 * state store, so resuming the run reads exactly those chunks again.
 */
public final class FilesChangedException extends RivetException {
  private static final long serialVersionUID = 1L;

  private final List<Integer> chunks;

  FilesChangedException(String message, String hint, List<Integer> chunks) {
    super(FailureKind.DESTINATION, message, hint);
    this.chunks = List.copyOf(chunks);
  }

  /** The chunks whose files are gone or changed, in ascending order. */
  public List<Integer> chunks() {
    return chunks;
  }
}
