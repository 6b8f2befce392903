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
  TIMESTAMPTZ,
  /**
   * A text column of a keyset key (never a key on its own): values are the text as the source
   * returns it, compared in the column's own collation by the source, never by Java.
   */
  TEXT,
  /** A PostgreSQL uuid column of a keyset key (never a key on its own): canonical uuid text. */
  UUID,
  /**
   * A keyset key ({@link SplitKey#parts()}): one or more columns compared as a row value; its
   * boundaries are {@link KeyTuple} texts with one value per part.
   */
  KEYSET
}
