package dev.rivet.planner.preflight;

import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.MemoryBudget;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of checking one export before it runs: how it would be read, what the source is, what
 * EXPLAIN says of its chunk queries, what was found, the verdict and the tuning to use. Made
 * without reading data rows and without storing anything.
 *
 * @param plan the plan the export would run with now (in memory only, never stored)
 * @param estimatedRowsPerChunk estimated rows of a chunk; -1 when unknown
 * @param explains EXPLAIN of the first and a middle chunk (one entry for a single chunk)
 * @param memory each reader's memory budget in the JVM that checks (as it would be in a run with
 *     the same heap)
 */
public record PreflightReport(
    ExportPlan plan,
    StrategyKind strategy,
    long estimatedRowsPerChunk,
    SourceFacts source,
    List<ChunkExplain> explains,
    List<Finding> findings,
    Verdict verdict,
    Recommendation recommended,
    MemoryBudget memory) {
  public PreflightReport {
    Objects.requireNonNull(memory, "memory");
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(strategy, "strategy");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(recommended, "recommended");
    explains = List.copyOf(explains);
    findings = List.copyOf(findings);
  }

  public String export() {
    return plan.export().name();
  }

  /** Why the plan reads the export the way it does: the planner's notes. */
  public List<String> reasons() {
    return plan.noteTexts();
  }

  /**
   * The rows the first fetch of each chunk reads: {@code fetch_size} (at most {@link
   * ExportPlan#GOVERNED_FETCH_ROWS} when the run reads gently), fewer when the estimated row width
   * times it exceeds the memory budget.
   */
  public int fetchSize() {
    return memory.fetchSize(plan.fetchRows(), plan.averageRowBytes());
  }

  /** Whether {@code rivet run} should refuse this export unless forced. */
  public boolean unsafe() {
    return verdict == Verdict.UNSAFE;
  }

  /** The findings with this code, in the order found. */
  public List<Finding> findings(FindingCode code) {
    return findings.stream().filter(f -> f.code() == code).toList();
  }
}
