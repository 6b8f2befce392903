package dev.rivet.pipeline.govern;

/** How freely a governed run reads at a moment. */
public enum GovernorState {
  /** As planned: every reader may read, as fast as the configured rate limits allow. */
  NORMAL,
  /** Half the readers (at least one), at the rate the governor allows. */
  SLOWED,
  /** No new chunk starts; reads in flight wait between fetch batches. */
  PAUSED
}
