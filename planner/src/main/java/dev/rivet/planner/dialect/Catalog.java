package dev.rivet.planner.dialect;

import dev.rivet.kernel.plan.KeyTuple;
import dev.rivet.kernel.plan.Relation;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.plan.SplitKey;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.planner.tuning.FreeConnections;
import dev.rivet.planner.tuning.SessionActivity;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What planning reads from a source: the catalog, statistics and key positions found through the
 * key's index. It never reads whole data rows. Failures are classified {@link
 * dev.rivet.kernel.failure.RivetException}s.
 */
public interface Catalog {

  /** The result columns of the relation, from a query that matches no rows. */
  List<SourceColumn> columns(Relation relation);

  /**
   * The base tables (partitioned tables as one table, without their partitions) the session's user
   * may SELECT, in {@code schema}, or in every non-system schema when it is null (MySQL/MariaDB:
   * the connection's database), ordered by schema and name. Reads the catalog only.
   *
   * @throws UnsupportedOperationException for a catalog that cannot list tables (test doubles)
   */
  default List<TableSummary> tables(String schema) {
    throw new UnsupportedOperationException("this catalog does not list tables");
  }

  /** The best split key of a table: its primary key, else a unique non-null index. */
  Optional<KeyCandidate> splitKey(TableRef table);

  /**
   * The table's size in blocks, for reading a table with no split key by ranges of its physical
   * blocks ({@link dev.rivet.kernel.plan.Strategy#BLOCK_RANGE}); or why this source cannot.
   */
  default TableBlocks blocks(TableRef table) {
    return TableBlocks.unavailable("the source cannot read a table by ranges of its blocks");
  }

  /**
   * The keyset key of a table, for tables whose {@link #splitKey} is empty: its primary key, else a
   * unique index whose columns are all NOT NULL, over columns of any kind the source orders in its
   * index and Rivet can bind (integers, dates, timestamps, text of a deterministic collation,
   * uuid), ascending and in the column's own collation; and why each other unique index is refused.
   */
  default KeysetChoice keysetKey(TableRef table) {
    return new KeysetChoice(null, List.of());
  }

  /**
   * The keyset key {@code offset} entries after the first key {@code >= from} (null: the smallest
   * key), in index order, or empty when fewer keys remain. Reads {@code offset + 1} index entries.
   *
   * @throws ArithmeticException when a value has no boundary text; its message says why, to follow
   *     {@code "key <column> "} in a plan note
   */
  default Optional<KeyTuple> keysetAtOffset(
      Relation relation, SplitKey key, KeyTuple from, long offset) {
    throw new UnsupportedOperationException("this catalog does not walk keyset keys");
  }

  /** The source's row estimate, or -1 when it has none. */
  long estimatedRows(TableRef table);

  /** Average bytes per row from the table's statistics, or -1 when it has none. */
  long averageRowBytes(TableRef table);

  /**
   * The limits on this session's user's connections at this moment, not counting this session; or,
   * when the source refuses to tell (no privilege), why they are unknown.
   *
   * @throws dev.rivet.kernel.failure.RivetException when the source fails transiently
   */
  FreeConnections freeConnections();

  /**
   * The sessions other than this one and Rivet's own that were working on the source, or had
   * finished working within the last second; unknown where the source does not say.
   *
   * @throws dev.rivet.kernel.failure.RivetException when the source fails transiently
   */
  default SessionActivity sessionActivity() {
    return SessionActivity.unknown("not measured on this source");
  }

  /**
   * min and max of the key as axis positions, or empty for an empty table.
   *
   * @throws ArithmeticException when a key value has no axis position; its message says why, to
   *     follow {@code "key <column> "} in a plan note
   */
  default Optional<long[]> keyRange(TableRef table, SplitKey key) {
    return keyRange(table, key, null);
  }

  /**
   * min and max of the key (column or COALESCE expression) over the rows whose key is {@code >=
   * fromAxis}, or over all rows when it is null; empty when no such row has a non-NULL key.
   *
   * @throws ArithmeticException as {@link #keyRange(TableRef, SplitKey)}
   */
  default Optional<long[]> keyRange(Relation relation, SplitKey key, Long fromAxis) {
    return keyRange(relation, key, fromAxis, null);
  }

  /**
   * min and max of the key over the rows whose key is {@code >= fromAxis} and {@code < toAxis}, a
   * null bound leaving that side open; empty when no such row has a non-NULL key. Reads one index
   * entry at each end when the key is an indexed column.
   *
   * @throws ArithmeticException as {@link #keyRange(TableRef, SplitKey)}
   */
  Optional<long[]> keyRange(Relation relation, SplitKey key, Long fromAxis, Long toAxis);

  /**
   * The axis position of the key {@code offset} entries after the first key {@code >= fromAxis}, in
   * key order, or empty when fewer keys remain. Reads at most {@code offset + 1} index entries when
   * the key is an indexed column.
   */
  OptionalLong keyAtOffset(Relation relation, SplitKey key, long fromAxis, long offset);

  /** The smallest key {@code > fromAxis}, or empty when there is none. */
  OptionalLong keyAfter(Relation relation, SplitKey key, long fromAxis);

  /** Whether {@code column} leads a valid index of the table, so range reads on it are cheap. */
  boolean isIndexed(TableRef table, String column);

  /**
   * The table's primary key and its valid unique indexes over plain columns (no expression, no
   * partial index), each as its columns by index name: what guarantees that a set of columns
   * holding one of them is unique.
   *
   * @throws UnsupportedOperationException for a catalog that cannot tell (test doubles)
   */
  default Map<String, List<String>> uniqueIndexes(TableRef table) {
    throw new UnsupportedOperationException("this catalog does not list unique indexes");
  }

  /**
   * Which columns of {@code table} the user may not SELECT, where the source's catalog tells column
   * privileges apart; empty where it does not, or when the catalog cannot be read.
   */
  default Optional<ColumnGrants> columnGrants(TableRef table) {
    return Optional.empty();
  }
}
