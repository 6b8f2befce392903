package dev.rivet.pipeline.types;

/**
 * The closed set of value kinds a source column maps to; each kind fixes the Java value a {@link
 * ColumnReader} returns, the Parquet type and the CSV text form.
 */
public enum LogicalKind {
  /** {@link Boolean}. */
  BOOLEAN,
  /** {@link Byte}; Parquet INT32 annotated INT(8, signed). */
  INT8,
  /** {@link Short}; Parquet INT32 annotated INT(16, signed). */
  INT16,
  /** {@link Integer}. */
  INT32,
  /** {@link Long}. */
  INT64,
  /** {@link Float}. */
  FLOAT,
  /** {@link Double}. */
  DOUBLE,
  /** {@link java.math.BigDecimal} with exactly the declared scale; precision 1..38. */
  DECIMAL,
  /** A numeric without a usable precision, kept as PostgreSQL's exact decimal text. */
  NUMERIC_TEXT,
  /**
   * {@link String}: text types and every type kept in its text form; a binary read may give a
   * {@link Utf8Text} instead (its {@code toString} is the String).
   */
  STRING,
  /** {@link String}: time with time zone as ISO-8601 {@code HH:MM:SS[.f]+hh:mm}. */
  TIMETZ,
  /** {@code byte[]}. */
  BYTES,
  /**
   * {@link Geometry}: OGC WKB with its SRID; Parquet BINARY holding the WKB (the SRID goes to the
   * file's GeoParquet metadata), CSV the EWKB.
   */
  GEOMETRY,
  /** {@link java.util.UUID}. */
  UUID,
  /**
   * {@link String} holding JSON text exactly as the source returns it (or its {@link Utf8Text}, as
   * for STRING).
   */
  JSON,
  /** {@link java.time.LocalDate}. */
  DATE,
  /** {@link Long} microseconds after midnight, 0..86,400,000,000 (PostgreSQL allows 24:00:00). */
  TIME,
  /** {@link java.time.LocalDateTime}, microsecond precision, no time zone. */
  TIMESTAMP,
  /** {@link java.time.Instant}, microsecond precision. */
  TIMESTAMPTZ,
  /** {@link java.util.List} of the element kind's values; elements may be null. */
  LIST,
  /**
   * {@link java.util.SortedMap} of {@link String} keys (never null) to {@link String} values (may
   * be null), iterated in key order ({@link KeyOrder}); Parquet MAP, CSV a JSON object.
   */
  MAP,
  /**
   * {@link StructValue}: a composite value's fields, in the order of {@link ColumnType#fields()},
   * and its text form; Parquet a group of the fields, CSV the text form.
   */
  STRUCT;

  /** Microseconds in a day: the largest {@link #TIME} value, 24:00:00. */
  public static final long MICROS_PER_DAY = 86_400_000_000L;

  /**
   * Whether the source can return a value that is not a date here: PostgreSQL's {@code
   * infinity}/{@code -infinity}, MySQL's zero dates.
   */
  public boolean hasSpecialDates() {
    return this == DATE || this == TIMESTAMP || this == TIMESTAMPTZ;
  }
}
