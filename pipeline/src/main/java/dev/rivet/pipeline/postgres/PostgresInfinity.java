package dev.rivet.pipeline.postgres;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.InfinityPolicy;
import dev.rivet.pipeline.types.ColumnSlot;
import dev.rivet.pipeline.types.WarningCounts;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * What one column writes for PostgreSQL's {@code infinity} and {@code -infinity}, as its {@link
 * InfinityPolicy} says, whichever protocol read them: clamped values, NULL, or a failure naming the
 * column. Counts each clamped or nulled value. Not thread-safe.
 */
final class PostgresInfinity {
  private static final LocalDate CLAMP_DATE_MAX = LocalDate.of(9999, 12, 31);
  private static final LocalDate CLAMP_DATE_MIN = LocalDate.of(1, 1, 1);
  private static final LocalDateTime CLAMP_TIMESTAMP_MAX =
      LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000);
  private static final LocalDateTime CLAMP_TIMESTAMP_MIN = LocalDateTime.of(1, 1, 1, 0, 0);

  private final String label;
  private final InfinityPolicy policy;
  private final WarningCounts warnings;

  PostgresInfinity(ColumnSlot column) {
    this.label = column.label();
    this.policy = column.policies().onInfinity();
    this.warnings = column.warnings();
  }

  LocalDate date(boolean positive) {
    return clamp(positive) ? (positive ? CLAMP_DATE_MAX : CLAMP_DATE_MIN) : null;
  }

  LocalDateTime timestamp(boolean positive) {
    return clamp(positive) ? (positive ? CLAMP_TIMESTAMP_MAX : CLAMP_TIMESTAMP_MIN) : null;
  }

  Instant timestamptz(boolean positive) {
    LocalDateTime value = timestamp(positive);
    return value == null ? null : value.toInstant(ZoneOffset.UTC);
  }

  /** Applies the policy to one infinite value: true to clamp, false to write NULL. */
  private boolean clamp(boolean positive) {
    switch (policy) {
      case CLAMP:
        warnings.increment(WarningCounts.INFINITY_CLAMPED);
        return true;
      case NULL:
        warnings.increment(WarningCounts.INFINITY_NULLED);
        return false;
      case FAIL:
      default:
        throw new RivetException(
            FailureKind.DATA,
            label
                + " holds "
                + (positive ? "infinity" : "-infinity")
                + ", which Parquet and ISO-8601 cannot represent",
            "set on_infinity: null in the export to write NULL (counted as infinity_nulled), or"
                + " on_infinity: clamp to write 9999-12-31 / 0001-01-01 (counted as"
                + " infinity_clamped; a reader cannot tell them from the same real dates)");
    }
  }
}
