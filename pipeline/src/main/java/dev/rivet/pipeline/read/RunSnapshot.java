package dev.rivet.pipeline.read;

import java.io.Serializable;
import java.util.Objects;

/**
 * The one snapshot every chunk of a {@code consistency: snapshot} run reads, by the id the source
 * gave it. Valid only while the {@link SnapshotCoordinator} that exported it holds its transaction
 * open: it is run-scoped and never stored in a plan or in state.
 */
public record RunSnapshot(String id) implements Serializable {
  public RunSnapshot {
    Objects.requireNonNull(id, "id");
  }
}
