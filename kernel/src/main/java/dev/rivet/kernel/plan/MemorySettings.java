package dev.rivet.kernel.plan;

import java.io.Serializable;

/**
 * An export's memory settings as configured: {@code batch_size_memory_mb} and {@code
 * max_value_size}, each 0 when not set and then derived (see {@link #resolve}). The one home of
 * their ranges and of the formulas that derive them.
 *
 * @param budgetMb what one reader may fetch and buffer at once, in MiB; 0 derives it from the heap
 * @param maxValueBytes the largest single value a reader accepts; 0 derives it from the budget
 */
public record MemorySettings(long budgetMb, long maxValueBytes) implements Serializable {
  /** Settings that derive both values. */
  public static final MemorySettings DERIVED = new MemorySettings(0, 0);

  /** A budget above 64 GiB per reader is a misconfiguration, not tuning. */
  public static final SettingRange BUDGET_MB = new SettingRange("batch_size_memory_mb", 1, 65_536);

  /**
   * From 64 KiB (a column declared no wider than {@link #MEASURED_ABOVE_CHARS} characters is not
   * measured, so a smaller limit could not be kept) to 1 GiB (the largest value PostgreSQL stores).
   */
  public static final SettingRange MAX_VALUE_BYTES =
      new SettingRange("max_value_size", 64L * 1024, 1L << 30);

  /**
   * Columns declared wider than this many characters (or bytes), or without a declared width, have
   * their values measured while reading; narrower ones cannot hold a value near any budget.
   */
  public static final int MEASURED_ABOVE_CHARS = 16 * 1024;

  /** The derived budget never goes below this, whatever the heap. */
  public static final long MIN_DERIVED_BUDGET_BYTES = 8L << 20;

  /** The derived budget never goes above this, whatever the heap. */
  public static final long MAX_DERIVED_BUDGET_BYTES = 256L << 20;

  private static final long MIB = 1L << 20;

  public MemorySettings {
    if (budgetMb != 0) {
      BUDGET_MB.check(budgetMb);
    }
    if (maxValueBytes != 0) {
      MAX_VALUE_BYTES.check(maxValueBytes);
    }
  }

  /**
   * The budget and value limit for a reader in a JVM whose max heap is {@code maxHeapBytes} ({@link
   * Runtime#maxMemory()}, {@link Long#MAX_VALUE} for none) running {@code parallelism} readers:
   * {@code batch_size_memory_mb} when set, else {@code max heap / (8 × parallelism)} clamped to
   * [{@value #MIN_DERIVED_BUDGET_BYTES}, {@value #MAX_DERIVED_BUDGET_BYTES}] bytes (8 MiB to 256
   * MiB); {@code max_value_size} when set, else the budget.
   */
  public MemoryBudget resolve(long maxHeapBytes, int parallelism) {
    long budget;
    if (budgetMb > 0) {
      budget = budgetMb * MIB;
    } else if (maxHeapBytes <= 0 || maxHeapBytes == Long.MAX_VALUE) {
      budget = MAX_DERIVED_BUDGET_BYTES;
    } else {
      long share = maxHeapBytes / (8L * Math.max(1, parallelism));
      budget = Math.max(MIN_DERIVED_BUDGET_BYTES, Math.min(MAX_DERIVED_BUDGET_BYTES, share));
    }
    return new MemoryBudget(budget, maxValueBytes > 0 ? maxValueBytes : budget);
  }
}
