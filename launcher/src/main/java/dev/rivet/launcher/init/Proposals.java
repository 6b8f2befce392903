package dev.rivet.launcher.init;

import dev.rivet.kernel.plan.KeyType;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.kernel.source.SourceKind;
import dev.rivet.pipeline.types.ColumnType;
import dev.rivet.pipeline.types.LogicalKind;
import dev.rivet.pipeline.types.TypeMapper;
import dev.rivet.planner.dialect.Catalog;
import dev.rivet.planner.dialect.KeyCandidate;
import dev.rivet.planner.dialect.TableSummary;
import dev.rivet.planner.modes.KeyColumns;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Proposes an export per table from the catalog alone (no data rows): {@code full} for tables under
 * a row count ({@link #SMALL_TABLE_ROWS} by default) by the source's estimate, or without an
 * indexed column that changes with each update; {@code incremental} on such a column otherwise.
 * docs/cli.md states these rules.
 */
public final class Proposals {
  /** By default, below this many estimated rows a full copy each run is proposed. */
  public static final long SMALL_TABLE_ROWS = 1_000_000;

  private static final Pattern UPDATED =
      Pattern.compile(
          "(?i)(updated|modified|changed|last_?update|last_?change)(_?(at|on|ts|time|timestamp|date|datetime))?");
  private static final Pattern CREATED =
      Pattern.compile("(?i)(created|inserted|added)(_?(at|on|ts|time|timestamp|date|datetime))?");
  private static final Set<String> TEXT_TYPES =
      Set.of(
          "text",
          "varchar",
          "character varying",
          "bpchar",
          "char",
          "character",
          "name",
          "citext",
          "tinytext",
          "mediumtext",
          "longtext",
          "enum",
          "set");

  private Proposals() {}

  /**
   * The proposal for {@code table}, read from {@code catalog}.
   *
   * @param fullBelow tables with fewer estimated rows are exported in full each run
   */
  public static TableProposal propose(
      Catalog catalog, SourceKind kind, TableSummary table, String exportName, long fullBelow) {
    TableRef ref = table.table();
    List<SourceColumn> columns = catalog.columns(ref);
    Optional<KeyCandidate> key = catalog.splitKey(ref);
    if (key.isEmpty()) {
      key = catalog.keysetKey(ref).candidate();
    }
    List<CursorCandidate> cursors = cursorCandidates(catalog, ref, columns);
    List<ColumnReview> review = review(columns, kind);
    long rows = table.estimatedRows();
    Optional<CursorCandidate> best = cursors.stream().findFirst();
    String size = String.format(Locale.ROOT, "about %,d rows", Math.max(rows, 0));
    String noKey = key.isPresent() ? null : noChunkKey(catalog, ref);
    String chunking =
        key.map(k -> "read in chunks by " + keyText(k) + " (" + k.source() + ")")
            .orElse(noKey + ": read by one statement");
    if (rows >= 0 && rows < fullBelow) {
      return new TableProposal(
          table,
          exportName,
          key,
          noKey,
          Optional.empty(),
          null,
          "full: "
              + size
              + ", so a complete copy each run is cheap and also reflects deleted rows; "
              + chunking,
          cursors,
          review);
    }
    if (best.isPresent() && best.get().tracksUpdates() && best.get().indexed()) {
      CursorCandidate cursor = best.get();
      String fallback = cursor.nullable() ? fallback(cursors, cursor) : null;
      return new TableProposal(
          table,
          exportName,
          key,
          noKey,
          best,
          fallback,
          "incremental: "
              + (rows < 0 ? "no row estimate (never analyzed)" : size)
              + ", and "
              + cursor.column()
              + " is indexed and changes with each update, so each run reads only the rows"
              + " changed since the last; deleted rows are not seen",
          cursors,
          review);
    }
    String noCursor =
        best.filter(CursorCandidate::tracksUpdates).isPresent()
            ? best.get().column()
                + " is not indexed, so an incremental read would scan the table each run (index it"
                + " to make incremental cheap)"
            : "no indexed column that changes with each update (such as updated_at)";
    return new TableProposal(
        table,
        exportName,
        key,
        noKey,
        Optional.empty(),
        null,
        "full: "
            + (rows < 0 ? "no row estimate (never analyzed)" : size)
            + ", but "
            + noCursor
            + "; "
            + chunking,
        cursors,
        review);
  }

  /** The key's column, or for a keyset key its columns as keyset ranges, e.g. {@code (a, b)}. */
  public static String keyText(KeyCandidate key) {
    return key.key().isKeyset() ? "keyset ranges on " + key.key().describe() : key.key().column();
  }

  /**
   * Why the table has no chunk key: no unique key at all, or unique keys none of which can be split
   * on (a nullable column, a type not split on, a nondeterministic collation).
   */
  public static String noChunkKey(Catalog catalog, TableRef table) {
    Map<String, List<String>> unique;
    try {
      unique = catalog.uniqueIndexes(table);
    } catch (UnsupportedOperationException e) {
      unique = Map.of();
    }
    if (unique.isEmpty()) {
      return "no primary key or unique index";
    }
    return "no unique key over NOT NULL integer, date, timestamp, text or uuid columns to chunk"
        + " by (unique: "
        + unique.values().stream().map(c -> String.join(", ", c)).collect(Collectors.joining("; "))
        + ")";
  }

  /** Date and timestamp columns named like updated_at or created_at, best first. */
  static List<CursorCandidate> cursorCandidates(
      Catalog catalog, TableRef table, List<SourceColumn> columns) {
    List<CursorCandidate> found = new ArrayList<>();
    for (SourceColumn column : columns) {
      Optional<KeyType> type = KeyColumns.keyType(column);
      if (type.isEmpty() || type.get() == KeyType.INTEGER) {
        continue;
      }
      boolean updated = UPDATED.matcher(column.name()).matches();
      if (!updated && !CREATED.matcher(column.name()).matches()) {
        continue;
      }
      found.add(
          new CursorCandidate(
              column.name(),
              type.get(),
              catalog.isIndexed(table, column.name()),
              column.nullable(),
              updated));
    }
    found.sort(
        Comparator.comparing((CursorCandidate c) -> !c.tracksUpdates())
            .thenComparing(c -> !c.indexed())
            .thenComparing(CursorCandidate::nullable));
    return List.copyOf(found);
  }

  /** A non-null insert-time column of the cursor's type, read where the cursor is NULL. */
  private static String fallback(List<CursorCandidate> cursors, CursorCandidate cursor) {
    return cursors.stream()
        .filter(c -> !c.tracksUpdates() && !c.nullable() && c.type() == cursor.type())
        .map(CursorCandidate::column)
        .findFirst()
        .orElse(null);
  }

  /** Columns written as text that are not text at the source, and unconstrained numerics. */
  static List<ColumnReview> review(List<SourceColumn> columns, SourceKind kind) {
    List<ColumnType> types;
    try {
      types = TypeMapper.map(columns, kind);
    } catch (RuntimeException e) {
      return List.of(new ColumnReview("*", "", e.getMessage()));
    }
    List<ColumnReview> review = new ArrayList<>();
    for (ColumnType type : types) {
      String source = type.sourceType().toLowerCase(Locale.ROOT);
      if (type.kind() == LogicalKind.NUMERIC_TEXT) {
        review.add(
            new ColumnReview(
                type.name(),
                type.sourceType(),
                "numeric without precision: written as exact text; declare numeric(p,s) or cast"
                    + " in a query export for a DECIMAL column"));
      } else if (type.kind() == LogicalKind.STRING && !TEXT_TYPES.contains(base(source))) {
        review.add(
            new ColumnReview(
                type.name(),
                type.sourceType(),
                "no Parquet type of its own: written as the source's text form"));
      }
    }
    return List.copyOf(review);
  }

  private static String base(String typeName) {
    int paren = typeName.indexOf('(');
    return (paren < 0 ? typeName : typeName.substring(0, paren)).strip();
  }
}
