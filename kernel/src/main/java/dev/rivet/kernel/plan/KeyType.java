package dev.rivet.kernel.plan;

/** The kinds of column a chunk range can be split on; boundaries are stored as text. */
public enum KeyType {
  /** smallint/integer/bigint; boundaries are decimal longs. */
  INTEGER,
  /** date; boundaries are ISO-8601 dates. */
  DATE,
  /** timestamp without time zone; boundaries are ISO-8601 local date-times. */
  TIMESTAMP,
  /** timestamp with time zone; boundaries are ISO-8601 instants with offset Z. */
  TIMESTAMPTZ
}
