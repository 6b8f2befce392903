package dev.rivet.pipeline.postgres;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.pipeline.types.ColumnType;
import dev.rivet.pipeline.types.LogicalKind;
import dev.rivet.pipeline.types.Utf8Text;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Decodes the fields of PostgreSQL's binary COPY format (each type's {@code typsend} output) into
 * the values the JDBC path reads for the same column: integers and floats bit for bit, numerics as
 * their exact decimal at the sent display scale, text as UTF-8 (pgjdbc always sets {@code
 * client_encoding} UTF8), kept as its bytes ({@link Utf8Text}) when well-formed, jsonb without its
 * version byte, dates and timestamps counted from 2000-01-01 with {@code infinity} and {@code
 * -infinity} following the column's infinity policy. Only the source types in {@link #decodes} are
 * decoded; every other column keeps the JDBC path.
 */
final class PostgresBinaryValues {
  /** The source types whose binary form is decoded here; the binary form depends only on these. */
  private static final Set<String> TYPES =
      Set.of(
          "bool",
          "int2",
          "int4",
          "int8",
          "oid",
          "float4",
          "float8",
          "numeric",
          "text",
          "varchar",
          "bpchar",
          "name",
          "bytea",
          "uuid",
          "json",
          "jsonb",
          "date",
          "time",
          "timestamp",
          "timestamptz");

  /** PostgreSQL counts days and microseconds from 2000-01-01. */
  private static final long POSTGRES_EPOCH_DAY = LocalDate.of(2000, 1, 1).toEpochDay();

  private static final long POSTGRES_EPOCH_SECOND = POSTGRES_EPOCH_DAY * 86_400L;
  private static final int NUMERIC_NEG = 0x4000;
  private static final int NUMERIC_NAN = 0xC000;
  private static final int NUMERIC_PINF = 0xD000;
  private static final int NUMERIC_NINF = 0xF000;
  private static final BigInteger TEN_THOUSAND = BigInteger.valueOf(10_000);
  private static final long[] POWERS_OF_TEN = new long[19];

  static {
    POWERS_OF_TEN[0] = 1;
    for (int i = 1; i < POWERS_OF_TEN.length; i++) {
      POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
    }
  }

  private final ColumnType type;
  private final boolean jsonb;
  private final boolean oid;
  private final String label;
  private final PostgresInfinity infinity;

  PostgresBinaryValues(ColumnType type, String label, PostgresInfinity infinity) {
    this.type = type;
    String name = type.sourceType().toLowerCase(Locale.ROOT);
    this.jsonb = name.equals("jsonb");
    this.oid = name.equals("oid");
    this.label = label;
    this.infinity = infinity;
  }

  /** Whether values of {@code type} are decoded here exactly as JDBC reads them. */
  static boolean decodes(ColumnType type) {
    if (type.kind() == LogicalKind.LIST) {
      return false;
    }
    String name = type.sourceType().toLowerCase(Locale.ROOT);
    // money mapped to DECIMAL is selected as numeric (PostgresMoney), so COPY sends a numeric.
    return TYPES.contains(name) || (name.equals("money") && type.kind() == LogicalKind.DECIMAL);
  }

  /** The value of one non-null field; see {@link dev.rivet.pipeline.types.SourceValueReader}. */
  Object decode(byte[] b, int off, int len) {
    switch (type.kind()) {
      case BOOLEAN:
        return b[off] != 0;
      case INT16:
        return (short) int16(b, off);
      case INT32:
        return int32(b, off);
      case INT64:
        return oid ? Integer.toUnsignedLong(int32(b, off)) : int64(b, off);
      case FLOAT:
        return Float.intBitsToFloat(int32(b, off));
      case DOUBLE:
        return Double.longBitsToDouble(int64(b, off));
      case DECIMAL:
      case NUMERIC_TEXT:
        return numeric(b, off);
      case STRING:
        return Utf8Text.of(b, off, len);
      case JSON:
        if (!jsonb) {
          return Utf8Text.of(b, off, len);
        }
        if (len < 1 || b[off] != 1) {
          throw new RivetException(
              FailureKind.SOURCE_PERMANENT,
              label
                  + " arrived in jsonb binary format version "
                  + (len < 1 ? "(none)" : b[off])
                  + ", but only version 1 is known",
              "set tuning.read_protocol to jdbc for this export");
        }
        return Utf8Text.of(b, off + 1, len - 1);
      case BYTES:
        return Arrays.copyOfRange(b, off, off + len);
      case UUID:
        return new UUID(int64(b, off), int64(b, off + 8));
      case DATE:
        return date(int32(b, off));
      case TIME:
        return int64(b, off);
      case TIMESTAMP:
        return timestamp(int64(b, off));
      case TIMESTAMPTZ:
        return timestamptz(int64(b, off));
      default:
        throw new IllegalStateException(label + " (" + type.kind() + ") has no binary decoding");
    }
  }

  private LocalDate date(int days) {
    if (days == Integer.MAX_VALUE || days == Integer.MIN_VALUE) {
      return infinity.date(days == Integer.MAX_VALUE);
    }
    return Dates.of(days);
  }

  /**
   * The LocalDates of 1900-01-01 to 2099-12-31, each made once when first read and shared (a
   * LocalDate is immutable): a date column's values repeat, and this saves the calendar arithmetic
   * and one object per value (docs/benchmarks.md, 2026-12-05). Other dates are made per value.
   * Loaded with the first date decoded.
   */
  static final class Dates {
    /** 1900-01-01, in PostgreSQL's days since 2000-01-01. */
    static final int FIRST = (int) (LocalDate.of(1900, 1, 1).toEpochDay() - POSTGRES_EPOCH_DAY);

    /** 2100-01-01, the first day not cached. */
    static final int END = (int) (LocalDate.of(2100, 1, 1).toEpochDay() - POSTGRES_EPOCH_DAY);

    // Filled racily: a LocalDate's fields are final, so any thread sees a whole one or null.
    private static final LocalDate[] CACHE = new LocalDate[END - FIRST];

    private Dates() {}

    static LocalDate of(int days) {
      if (days < FIRST || days >= END) {
        return LocalDate.ofEpochDay(POSTGRES_EPOCH_DAY + days);
      }
      LocalDate date = CACHE[days - FIRST];
      if (date == null) {
        date = LocalDate.ofEpochDay(POSTGRES_EPOCH_DAY + days);
        CACHE[days - FIRST] = date;
      }
      return date;
    }
  }

  private LocalDateTime timestamp(long micros) {
    if (micros == Long.MAX_VALUE || micros == Long.MIN_VALUE) {
      return infinity.timestamp(micros == Long.MAX_VALUE);
    }
    return LocalDateTime.ofEpochSecond(
        POSTGRES_EPOCH_SECOND + Math.floorDiv(micros, 1_000_000L),
        (int) Math.floorMod(micros, 1_000_000L) * 1_000,
        ZoneOffset.UTC);
  }

  private Instant timestamptz(long micros) {
    if (micros == Long.MAX_VALUE || micros == Long.MIN_VALUE) {
      return infinity.timestamptz(micros == Long.MAX_VALUE);
    }
    return Instant.ofEpochSecond(
        POSTGRES_EPOCH_SECOND + Math.floorDiv(micros, 1_000_000L),
        Math.floorMod(micros, 1_000_000L) * 1_000);
  }

  /**
   * numeric_send: ndigits, weight (of the first base-10000 digit), sign, display scale, then the
   * digits. The value is the digits as one integer times 10000^(weight - ndigits + 1), shown with
   * exactly the display scale (the digits never hold more nonzero fraction digits than that).
   */
  private static Object numeric(byte[] b, int off) {
    int ndigits = int16(b, off);
    int weight = (short) int16(b, off + 2);
    int sign = int16(b, off + 4);
    int dscale = int16(b, off + 6);
    switch (sign) {
      case NUMERIC_NAN:
        return "NaN";
      case NUMERIC_PINF:
        return "Infinity";
      case NUMERIC_NINF:
        return "-Infinity";
      default:
        break;
    }
    int exponent = 4 * (weight - ndigits + 1);
    BigDecimal value;
    if (ndigits <= 4) {
      long unscaled = 0;
      for (int i = 0; i < ndigits; i++) {
        unscaled = unscaled * 10_000 + int16(b, off + 8 + 2 * i);
      }
      BigDecimal atScale = atDisplayScale(unscaled, sign == NUMERIC_NEG, exponent, dscale);
      if (atScale != null) {
        return atScale;
      }
      value = BigDecimal.valueOf(sign == NUMERIC_NEG ? -unscaled : unscaled, -exponent);
    } else {
      BigInteger unscaled = BigInteger.ZERO;
      for (int i = 0; i < ndigits; i++) {
        unscaled =
            unscaled.multiply(TEN_THOUSAND).add(BigInteger.valueOf(int16(b, off + 8 + 2 * i)));
      }
      value = new BigDecimal(sign == NUMERIC_NEG ? unscaled.negate() : unscaled, -exponent);
    }
    return value.setScale(dscale, RoundingMode.UNNECESSARY);
  }

  /**
   * {@code unscaled * 10^exponent} ({@code unscaled} below 10^16), negated when {@code negative},
   * as one BigDecimal of scale {@code dscale}, computed in a long (the general path allocates two
   * BigDecimals and divides); null when that is not exact in a long, and the general path decides.
   */
  private static BigDecimal atDisplayScale(
      long unscaled, boolean negative, int exponent, int dscale) {
    int shift = exponent + dscale; // decimal digits to append (> 0) or to drop (< 0)
    if (shift >= 0) {
      if (shift >= POWERS_OF_TEN.length || unscaled > Long.MAX_VALUE / POWERS_OF_TEN[shift]) {
        return null;
      }
      long digits = unscaled * POWERS_OF_TEN[shift];
      return BigDecimal.valueOf(negative ? -digits : digits, dscale);
    }
    if (-shift >= POWERS_OF_TEN.length || unscaled % POWERS_OF_TEN[-shift] != 0) {
      return null;
    }
    long digits = unscaled / POWERS_OF_TEN[-shift];
    return BigDecimal.valueOf(negative ? -digits : digits, dscale);
  }

  /** An unsigned 16-bit big-endian value. */
  private static int int16(byte[] b, int off) {
    return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
  }

  static int int32(byte[] b, int off) {
    return ((b[off] & 0xFF) << 24)
        | ((b[off + 1] & 0xFF) << 16)
        | ((b[off + 2] & 0xFF) << 8)
        | (b[off + 3] & 0xFF);
  }

  private static long int64(byte[] b, int off) {
    return ((long) int32(b, off) << 32) | (int32(b, off + 4) & 0xFFFFFFFFL);
  }
}
