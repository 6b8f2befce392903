package dev.rivet.kernel.plan;

/** How an export is read. */
public enum Strategy {
  /** One query reads everything: no usable key, a query export, or a small table. */
  SINGLE_READ,
  /** The key range is split into half-open chunks, each read by its own short query. */
  KEY_RANGE
}
