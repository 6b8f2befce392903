package dev.rivet.planner.split;

import dev.rivet.kernel.plan.KeyType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Maps key values to the {@code long} axis the splitter works on and back to the boundary text
 * stored in plans: integers as themselves, dates as epoch days, timestamps as epoch microseconds.
 */
public final class KeyAxis {
  private static final LocalDateTime EPOCH = LocalDateTime.of(1970, 1, 1, 0, 0);

  private KeyAxis() {}

  /**
   * The axis position of a value read from JDBC with {@link #jdbcClass(KeyType)}.
   *
   * @throws ArithmeticException for {@code infinity} and {@code -infinity} (which pgjdbc reads as
   *     the type's MAX and MIN), and for timestamps too far from 1970 for a long of microseconds
   */
  public static long toAxis(KeyType type, Object value) {
    switch (type) {
      case INTEGER:
        return ((Number) value).longValue();
      case DATE:
        LocalDate date = (LocalDate) value;
        // Epoch days of MAX/MIN fit a long, but boundaries derived from them are not dates.
        if (date.equals(LocalDate.MAX) || date.equals(LocalDate.MIN)) {
          throw new ArithmeticException("date " + date + " (infinity) has no axis position");
        }
        return date.toEpochDay();
      case TIMESTAMP:
        return ChronoUnit.MICROS.between(EPOCH, (LocalDateTime) value);
      case TIMESTAMPTZ:
        // Not ChronoUnit.MICROS.between: Instant counts that in nanos, overflowing after 2262.
        return micros(((OffsetDateTime) value).toInstant());
      default:
        throw new IllegalStateException("unhandled key type " + type);
    }
  }

  /**
   * Microseconds since 1970 of {@code instant}, rounded down.
   *
   * @throws ArithmeticException when they do not fit a long
   */
  static long micros(Instant instant) {
    long seconds = instant.getEpochSecond();
    long micros = instant.getNano() / 1_000;
    if (seconds < 0 && micros > 0) {
      // Before 1970 the seconds alone may not fit in microseconds while the whole does.
      seconds++;
      micros -= 1_000_000L;
    }
    return Math.addExact(Math.multiplyExact(seconds, 1_000_000L), micros);
  }

  /** Boundary text for an axis position; {@link #parse} reads it back. */
  public static String format(KeyType type, long axis) {
    switch (type) {
      case INTEGER:
        return Long.toString(axis);
      case DATE:
        return LocalDate.ofEpochDay(axis).toString();
      case TIMESTAMP:
        return EPOCH.plus(axis, ChronoUnit.MICROS).toString();
      case TIMESTAMPTZ:
        return Instant.EPOCH.plus(axis, ChronoUnit.MICROS).atOffset(ZoneOffset.UTC).toString();
      default:
        throw new IllegalStateException("unhandled key type " + type);
    }
  }

  /** The JDBC value to bind for boundary text. */
  public static Object parse(KeyType type, String boundary) {
    switch (type) {
      case INTEGER:
        return Long.parseLong(boundary);
      case DATE:
        return LocalDate.parse(boundary);
      case TIMESTAMP:
        return LocalDateTime.parse(boundary);
      case TIMESTAMPTZ:
        return OffsetDateTime.parse(boundary);
      default:
        throw new IllegalStateException("unhandled key type " + type);
    }
  }

  /**
   * The class to ask JDBC's {@code getObject} for when reading key values. For {@code INTEGER} read
   * with {@code getLong} instead: pgjdbc converts only {@code bigint} columns to {@code Long}.
   */
  public static Class<?> jdbcClass(KeyType type) {
    switch (type) {
      case INTEGER:
        return Long.class;
      case DATE:
        return LocalDate.class;
      case TIMESTAMP:
        return LocalDateTime.class;
      case TIMESTAMPTZ:
        return OffsetDateTime.class;
      default:
        throw new IllegalStateException("unhandled key type " + type);
    }
  }
}
