package dev.rivet.pipeline.read;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.kernel.plan.SplitKey;
import dev.rivet.kernel.plan.Strategy;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.planner.connect.SourceConnector;
import dev.rivet.planner.dialect.Dialect;
import dev.rivet.planner.dialect.TableBlocks;
import dev.rivet.planner.failure.SqlErrors;
import dev.rivet.planner.split.BlockRanges;
import dev.rivet.planner.split.SubRanges;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Finds the sub-ranges a chunk is read in when one statement over it is too slow: equal widths over
 * the keys the chunk holds now, found with one {@code min}/{@code max} query that the key's index
 * answers. Reads no data rows.
 */
public final class SubRangeFinder {
  private SubRangeFinder() {}

  /**
   * Up to {@code pieces} consecutive sub-ranges covering exactly the chunk's range (see {@link
   * SubRanges#split}); the chunk alone when it holds at most one key value.
   *
   * @throws RivetException of kind {@code SOURCE_PERMANENT} when the chunk has an open side and the
   *     keys in it cannot be found: the min/max query also ran past the time limit, or a key has no
   *     axis position (PostgreSQL infinity)
   */
  public static List<Chunk> find(
      SourceConnection source, ExportPlan plan, Chunk chunk, int pieces) {
    if (plan.strategy() == Strategy.BLOCK_RANGE) {
      return blocks(source, plan, chunk, pieces);
    }
    SplitKey key = plan.splitKey();
    Long lower = SubRanges.axisOf(key, chunk.lowerInclusive());
    Long upper = SubRanges.axisOf(key, chunk.upperExclusive());
    Optional<long[]> keys;
    try {
      keys = keyRange(source, plan, lower, upper);
    } catch (RuntimeException e) {
      boolean timedOut = SqlErrors.isStatementTimeout(e);
      if (!timedOut && !(e instanceof ArithmeticException)) {
        throw e;
      }
      if (lower == null || upper == null) {
        throw new RivetException(
            FailureKind.SOURCE_PERMANENT,
            describe(plan, chunk)
                + ": its statement ran past the source's time limit, and the smallest and largest "
                + key.describe()
                + " in it, needed to read it in smaller pieces, cannot be found: "
                + (timedOut ? "that query also ran past the limit" : "the key " + e.getMessage()),
            SqlErrors.statementTimeoutHint(),
            e);
      }
      // Both sides are bounded: the chunk's own bounds place the sub-ranges, if less evenly.
      keys = Optional.of(new long[] {lower, upper - 1});
    }
    if (keys.isEmpty()) {
      return List.of(chunk);
    }
    return SubRanges.split(chunk, key, keys.get()[0], keys.get()[1], pieces);
  }

  /**
   * A block-range chunk in sub-ranges of equal block counts, over its own bounds; a chunk open
   * above ends at the table's size in blocks now, read from the catalog (no data rows).
   */
  private static List<Chunk> blocks(
      SourceConnection source, ExportPlan plan, Chunk chunk, int pieces) {
    long first = chunk.lowerInclusive() == null ? 0 : BlockRanges.block(chunk.lowerInclusive());
    long end;
    if (chunk.upperExclusive() != null) {
      end = BlockRanges.block(chunk.upperExclusive());
    } else {
      TableBlocks layout = tableBlocks(source, plan);
      if (!layout.available()) {
        throw new RivetException(
            FailureKind.SOURCE_PERMANENT,
            describe(plan, chunk)
                + ": its statement ran past the source's time limit, and the table's size in"
                + " blocks, needed to read it in smaller pieces, cannot be read: "
                + layout.unavailable(),
            SqlErrors.statementTimeoutHint());
      }
      end = layout.blocks();
    }
    if (end - first <= 1) {
      return List.of(chunk);
    }
    return SubRanges.splitBlocks(chunk, first, end - 1, pieces);
  }

  private static TableBlocks tableBlocks(SourceConnection source, ExportPlan plan) {
    Dialect dialect = Dialect.of(plan.source());
    try (Connection connection = SourceConnector.open(source)) {
      return dialect.catalog(connection).blocks((TableRef) plan.export().relation());
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "closing the connection that read the table's size in blocks");
    }
  }

  private static String describe(ExportPlan plan, Chunk chunk) {
    return "export '"
        + plan.export().name()
        + "' chunk "
        + chunk.index()
        + " "
        + chunk.describeRange()
        + " of "
        + plan.export().relation().describe();
  }

  private static Optional<long[]> keyRange(
      SourceConnection source, ExportPlan plan, Long lower, Long upper) {
    Dialect dialect = Dialect.of(plan.source());
    try (Connection connection = SourceConnector.open(source)) {
      return dialect
          .catalog(connection)
          .keyRange(plan.export().relation(), plan.splitKey(), lower, upper);
    } catch (SQLException e) {
      throw SqlErrors.translate(
          e, "closing the connection that read the range of " + plan.splitKey().describe());
    }
  }
}
