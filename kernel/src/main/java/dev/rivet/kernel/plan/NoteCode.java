package dev.rivet.kernel.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a {@link PlanNote} says, as a code with named parameters. Decisions (a {@code rivet check}
 * verdict) are taken on the code; the text is rendered from the templates here only when a note is
 * shown, so rewording a template never changes a decision.
 */
public enum NoteCode {
  /** How the plan reads the export (strategy, key, chunking, estimates): shown, never judged. */
  DETAIL(false, "{text}", ""),
  /** A warning stored as text by a plan of format 1, before notes carried codes. */
  LEGACY_WARNING(true, "{text}", ""),
  /** The source had no free connection when the plan was made. */
  NO_FREE_CONNECTION(
      true,
      "the source had no free connection at plan time ({limit}): chunk reads may fail with too"
          + " many connections until other clients disconnect",
      ""),
  /** The source was busy with other sessions at plan time: the run reads gently. */
  YIELDING(
      false,
      "yielding to other sessions: {sessions} other session(s) were active on the source in the"
          + " second before planning (tuning.yield_to_sessions {threshold}), so the run reads"
          + " gently: one reader, at most {fetch_rows} rows per fetch through a cursor",
      "set tuning.yield_to_sessions to 0 (or profile fast) to read at full speed anyway"),
  /**
   * The export's user sees the state of its own sessions only, so a busy source may have gone
   * unnoticed: the run reads at full speed.
   */
  YIELD_UNSEEN(
      false,
      "not yielding: {sessions} other session(s) seen active in the second before planning"
          + " (tuning.yield_to_sessions {threshold}), but the export's user sees the state of its"
          + " own sessions only, so other users' sessions were not counted",
      "grant it pg_read_all_stats (or pg_monitor) so that they count"),
  /** One fetch holds a whole chunk. */
  FETCH_EXCEEDS_CHUNK(
      true,
      "fetch_size {fetch_size} is larger than chunk_rows {chunk_rows}, so each chunk arrives in one"
          + " fetch and is held in memory whole",
      "set fetch_size to at most chunk_rows"),
  /** One chunk is one long statement. */
  LONG_CHUNK(
      true,
      "a chunk reads about {rows} rows{size}, more than {max_rows} rows or {max_bytes}: one long"
          + " statement holds a source connection and its snapshot throughout, and a failed chunk"
          + " is read again whole",
      "{fix}"),
  /** Parquet row groups of all parallel readers may not fit the heap. */
  ROW_GROUPS_EXCEED_HEAP(
      true,
      "row_group_size {row_group_size} × parallelism {parallelism} = {total} of row groups"
          + " buffered at once is more than half the JVM's max heap ({max_heap})",
      "lower row_group_size or parallelism, or raise the heap (-Xmx)"),
  /** Fetched rows of all parallel readers may not fit the heap. */
  FETCHES_EXCEED_HEAP(
      true,
      "fetch_size {fetch_size} × about {row_bytes} per row × parallelism {parallelism} = {total}"
          + " of fetched rows is more than a quarter of the JVM's max heap ({max_heap})",
      "lower fetch_size or parallelism, or raise the heap (-Xmx)"),
  /** Rows are so wide that the memory budget fetches fewer than fetch_size of them at once. */
  WIDE_ROWS(
      true,
      "rows are about {row_bytes} wide: fetch_size {fetch_size} of them would be {total} at once,"
          + " more than the {fetch_budget} a fetch may hold (half the memory budget of {budget} per"
          + " reader, batch_size_memory_mb), so each fetch reads {effective_fetch_size} rows (fewer"
          + " still if rows turn out wider)",
      "nothing to do if the export runs well; to fetch more rows at once raise"
          + " batch_size_memory_mb and the heap (-Xmx), or leave the wide columns out of the"
          + " export"),
  /** Parquet row groups are cut short by max_file_size. */
  ROW_GROUP_EXCEEDS_FILE_SIZE(
      true,
      "row_group_size {row_group_size} bytes is larger than max_file_size {max_file_size} bytes:"
          + " no row group ever fills, so each file is closed at max_file_size holding one row"
          + " group smaller than row_group_size",
      "set row_group_size at or below max_file_size"),
  /**
   * Chunks of physical block ranges read in their own snapshots: a row written meanwhile moves to
   * another block.
   */
  ROWS_MOVE_BETWEEN_BLOCKS(
      true,
      "chunks are ranges of the table's physical blocks (ctid), each read in its own snapshot: a"
          + " row updated or inserted during the run is stored in another block, so it can be"
          + " exported twice or not at all",
      "set consistency: snapshot if the table is written while it is exported"),
  /** A table larger than one chunk that no key splits is read by one statement. */
  UNCHUNKED_TABLE(
      true,
      "{relation} holds {rows} rows and cannot be split into chunks ({reason}): it is read by one"
          + " long statement that holds a source connection and its snapshot throughout",
      "add a primary key or a unique index over NOT NULL columns (integer, date, timestamp, text"
          + " of a deterministic collation, uuid, or several of these), or use mode: chunked over"
          + " an indexed column (docs/modes.md)"),
  /** max_rows_per_file cannot split a planned chunk. */
  MAX_ROWS_PER_FILE_ABOVE_CHUNK(
      true,
      "max_rows_per_file {max_rows_per_file} is not below chunk_rows {chunk_rows}: every chunk"
          + " already fits in one file, so the limit only matters for chunks larger than planned",
      "");

  private static final Pattern PARAM = Pattern.compile("\\{([a-z_]+)}");

  private final boolean warning;
  private final String message;
  private final String fix;

  NoteCode(boolean warning, String message, String fix) {
    this.warning = warning;
    this.message = message;
    this.fix = fix;
  }

  /** Whether a note of this code warns of a risk, rather than describing the plan. */
  public boolean isWarning() {
    return warning;
  }

  /** The name stored in plans and printed by {@code --output json}. */
  public String wireValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The parameters a note of this code carries. */
  public List<String> parameters() {
    List<String> names = new ArrayList<>();
    for (String template : List.of(message, fix)) {
      Matcher m = PARAM.matcher(template);
      while (m.find()) {
        if (!names.contains(m.group(1))) {
          names.add(m.group(1));
        }
      }
    }
    return names;
  }

  /** What the note says, without its fix. */
  String message(Map<String, String> params) {
    return fill(message, params);
  }

  /** What to do about it; empty when there is nothing to do. */
  String fix(Map<String, String> params) {
    return fill(fix, params);
  }

  private static String fill(String template, Map<String, String> params) {
    Matcher m = PARAM.matcher(template);
    StringBuilder text = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(text, Matcher.quoteReplacement(params.get(m.group(1))));
    }
    m.appendTail(text);
    return text.toString();
  }
}
