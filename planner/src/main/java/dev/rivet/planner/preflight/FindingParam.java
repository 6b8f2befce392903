package dev.rivet.planner.preflight;

import dev.rivet.kernel.plan.KeyType;
import dev.rivet.kernel.plan.PlanNote;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One named, typed parameter of a {@link Finding}: a figure, a name or a statement preflight found,
 * never text for people. Each parameter is defined here once; {@link FindingCode#parameters()} says
 * which ones a finding of each code may carry.
 *
 * @param <T> the type of the parameter's value
 */
public final class FindingParam<T> {
  /** The exported table as configured, {@code s.t} or {@code t}; absent for a query export. */
  public static final FindingParam<String> TABLE = of("table", String.class);

  /** What the key is to the export's mode: {@code cursor}, {@code chunk} or {@code window}. */
  public static final FindingParam<String> KEY_ROLE = of("key_role", String.class);

  /** The column the export ranges over, or the {@code COALESCE(...)} of a cursor with fallbacks. */
  public static final FindingParam<String> KEY = of("key", String.class);

  /** The configured cursor column itself. */
  public static final FindingParam<String> COLUMN = of("column", String.class);

  /** The cursor's fallback columns, in order; empty for none. */
  public static final FindingParam<List<String>> FALLBACK = of("fallback", List.class);

  /** The key's type. */
  public static final FindingParam<KeyType> KEY_TYPE = of("key_type", KeyType.class);

  /** The plan's chunk count. */
  public static final FindingParam<Integer> CHUNKS = of("chunks", Integer.class);

  /** The source's row estimate for the table. */
  public static final FindingParam<Long> ESTIMATED_ROWS = of("estimated_rows", Long.class);

  /** The statement that adds the missing index, as migration guidance. */
  public static final FindingParam<String> CREATE_INDEX = of("create_index", String.class);

  /** The statement that gathers the table's statistics; absent for a query export. */
  public static final FindingParam<String> ANALYZE = of("analyze", String.class);

  /** The explained chunks whose EXPLAIN shows a full scan of the table. */
  public static final FindingParam<List<Integer>> FULL_SCAN_CHUNKS =
      of("full_scan_chunks", List.class);

  /** Rows all chunks' full scans read together; {@link Long#MAX_VALUE} when that overflows. */
  public static final FindingParam<Long> SCANNED_ROWS = of("scanned_rows", Long.class);

  /** Estimated rows per value of an integer key's range. */
  public static final FindingParam<Double> ROWS_PER_KEY_VALUE =
      of("rows_per_key_value", Double.class);

  /** The key's smallest value, as boundary text. */
  public static final FindingParam<String> KEY_MIN = of("key_min", String.class);

  /** The key's largest value, as boundary text. */
  public static final FindingParam<String> KEY_MAX = of("key_max", String.class);

  /** The most chunks whose boundaries the planner places by walking the key's index. */
  public static final FindingParam<Integer> WALK_MAX_CHUNKS = of("walk_max_chunks", Integer.class);

  /** EXPLAIN's row estimate of each explained chunk, by chunk index, in chunk order. */
  public static final FindingParam<Map<Integer, Long>> EXPLAINED_ROWS =
      of("explained_rows", Map.class);

  /** The smallest {@code chunk_rows} that brings the chunk count within an index walk. */
  public static final FindingParam<Long> MIN_CHUNK_ROWS = of("min_chunk_rows", Long.class);

  /** The configured parallelism. */
  public static final FindingParam<Integer> PARALLELISM = of("parallelism", Integer.class);

  /** The parallelism the plan runs with, capped by chunks and free connections. */
  public static final FindingParam<Integer> CAPPED_PARALLELISM =
      of("capped_parallelism", Integer.class);

  /** The parallelism to set: the free connections less one, at least 1. */
  public static final FindingParam<Long> SUGGESTED_PARALLELISM =
      of("suggested_parallelism", Long.class);

  /** What imposes the tightest connection limit, as the source names it. */
  public static final FindingParam<String> LIMIT_NAME = of("limit_name", String.class);

  /** Connections the tightest limit allows. */
  public static final FindingParam<Long> LIMIT_ALLOWED = of("limit_allowed", Long.class);

  /** Connections open against the tightest limit. */
  public static final FindingParam<Long> LIMIT_OPEN = of("limit_open", Long.class);

  /** Why a figure is unknown or a statement failed, as the source said it. */
  public static final FindingParam<String> REASON = of("reason", String.class);

  /** A chunk's index in the plan. */
  public static final FindingParam<Integer> CHUNK = of("chunk", Integer.class);

  /** Rows of an average chunk, when it (not an explained chunk) is the longest statement. */
  public static final FindingParam<Long> AVERAGE_CHUNK_ROWS = of("average_chunk_rows", Long.class);

  /** The estimated seconds a chunk statement (or one fetch of it) runs. */
  public static final FindingParam<Double> ESTIMATED_SECONDS =
      of("estimated_seconds", Double.class);

  /** Whether the statement time limit applies to each fetch rather than the whole chunk. */
  public static final FindingParam<Boolean> PER_FETCH = of("per_fetch", Boolean.class);

  /** Rows the estimated statement (or fetch) delivers. */
  public static final FindingParam<Long> DELIVERED_ROWS = of("delivered_rows", Long.class);

  /** The delivery rate the estimate assumes. */
  public static final FindingParam<Long> DELIVERED_ROWS_PER_SECOND =
      of("delivered_rows_per_second", Long.class);

  /** Rows a full scan examines before the statement's rows arrive; 0 without a scan. */
  public static final FindingParam<Long> FULL_SCAN_ROWS = of("full_scan_rows", Long.class);

  /** The full-scan rate the estimate assumes. */
  public static final FindingParam<Long> SCANNED_ROWS_PER_SECOND =
      of("scanned_rows_per_second", Long.class);

  /** Whether an explained chunk scans the whole table. */
  public static final FindingParam<Boolean> FULL_SCAN = of("full_scan", Boolean.class);

  /** The source's statement time limit setting, e.g. {@code statement_timeout}. */
  public static final FindingParam<String> SETTING = of("setting", String.class);

  /** The statement time limit in milliseconds. */
  public static final FindingParam<Long> LIMIT_MILLIS = of("limit_millis", Long.class);

  /** Rows that keep a statement under half the time limit at the assumed delivery rate. */
  public static final FindingParam<Long> BUDGET_ROWS = of("budget_rows", Long.class);

  /** Whether the source is a replica (a hot standby). */
  public static final FindingParam<Boolean> ON_REPLICA = of("on_replica", Boolean.class);

  /** Seconds a replica is behind its primary. */
  public static final FindingParam<Double> LAG_SECONDS = of("lag_seconds", Double.class);

  /** The exported table's size on disk ({@link SourceFacts#tableBytes()}). */
  public static final FindingParam<Long> TABLE_BYTES = of("table_bytes", Long.class);

  /** The size of the server's buffer cache ({@link SourceFacts#cacheBytes()}). */
  public static final FindingParam<Long> CACHE_BYTES = of("cache_bytes", Long.class);

  /** The planner's warning the finding judges: its own code and parameters. */
  public static final FindingParam<PlanNote> NOTE = of("note", PlanNote.class);

  private final String name;
  private final Class<?> type;

  private FindingParam(String name, Class<?> type) {
    this.name = Objects.requireNonNull(name, "name");
    this.type = Objects.requireNonNull(type, "type");
  }

  private static <T> FindingParam<T> of(String name, Class<?> type) {
    return new FindingParam<>(name, type);
  }

  /** The parameter's name in JSON, e.g. {@code create_index}. */
  public String name() {
    return name;
  }

  /** Whether {@code value} has this parameter's type. */
  boolean accepts(Object value) {
    return type.isInstance(value);
  }

  @Override
  public String toString() {
    return name;
  }
}
