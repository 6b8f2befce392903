package dev.rivet.kernel.plan;

/** How an export is read. */
public enum Strategy {
  /** One query reads everything: no usable key, a query export, or a small table. */
  SINGLE_READ,
  /** The key range is split into half-open chunks, each read by its own short query. */
  KEY_RANGE,
  /**
   * A table with no split key is split into half-open ranges of its physical blocks (PostgreSQL's
   * {@code ctid}); chunk bounds are block numbers, the last chunk open above so blocks added after
   * planning are read. A row updated during the run moves to another block, so only a shared
   * snapshot ({@code consistency: snapshot}) reads it exactly once.
   */
  BLOCK_RANGE
}
