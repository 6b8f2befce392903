package dev.rivet.planner.modes;

import static dev.rivet.kernel.testing.PropertyCheck.forAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.KeyType;
import dev.rivet.kernel.plan.Relation;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.plan.SplitKey;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.kernel.testing.Gen;
import dev.rivet.planner.dialect.Catalog;
import dev.rivet.planner.dialect.KeyCandidate;
import dev.rivet.planner.split.KeyWalk;
import dev.rivet.planner.tuning.FreeConnections;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * Properties of splitting a window of a column that may repeat values: for any rows, the chunks run
 * from the window's lower to its upper bound without gap or overlap, at real key values.
 */
class WindowSplitterPropertiesTest {
  private static final TableRef TABLE = new TableRef("public", "events");
  private static final SplitKey KEY = new SplitKey("id", KeyType.INTEGER);

  /** Sorted keys, repeats allowed, as an index on the key column would hold them. */
  private record SortedKeys(List<Long> keys, boolean indexed) implements Catalog {
    @Override
    public OptionalLong keyAtOffset(Relation relation, SplitKey key, long fromAxis, long offset) {
      int first = firstAtLeast(fromAxis);
      return offset < keys.size() - first
          ? OptionalLong.of(keys.get((int) (first + offset)))
          : OptionalLong.empty();
    }

    @Override
    public OptionalLong keyAfter(Relation relation, SplitKey key, long fromAxis) {
      return keys.stream().filter(k -> k > fromAxis).mapToLong(k -> k).findFirst();
    }

    @Override
    public boolean isIndexed(TableRef table, String column) {
      return indexed;
    }

    private int firstAtLeast(long axis) {
      int i = 0;
      while (i < keys.size() && keys.get(i) < axis) {
        i++;
      }
      return i;
    }

    @Override
    public List<SourceColumn> columns(Relation relation) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<KeyCandidate> splitKey(TableRef table) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long estimatedRows(TableRef table) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long averageRowBytes(TableRef table) {
      throw new UnsupportedOperationException();
    }

    @Override
    public FreeConnections freeConnections() {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<long[]> keyRange(Relation relation, SplitKey key, Long from, Long to) {
      throw new UnsupportedOperationException();
    }
  }

  /**
   * A window {@code [lower, upper)} (lower null for open) of the catalog's keys, whose smallest and
   * largest key in the window are {@code first} and {@code last}; the catalog also holds keys past
   * the window, as a table does for a time window that ended.
   */
  record Case(
      SortedKeys catalog,
      Long lower,
      long upper,
      long first,
      long last,
      long rowsPerChunk,
      long estimatedRows) {}

  static Gen<Case> cases() {
    Gen<List<Long>> keys =
        Gen.oneOf(
            Gen.lists(Gen.longs(-50, 50), 1, 300),
            Gen.lists(Gen.longs(0, 3), 1, 100),
            Gen.lists(Gen.longs(-1_000_000, 1_000_000), 1, 100));
    Gen<Long> rows = Gen.oneOf(Gen.longs(1, 5), Gen.longs(1, 100));
    Gen<Long> slack = Gen.longs(0, 10);
    Gen<Long> estimates = Gen.oneOf(Gen.longs(-1, 500), Gen.longs(-1, 1_000_000));
    Gen<Boolean> flags = Gen.booleans();
    return random -> {
      List<Long> sorted = new ArrayList<>(keys.next(random));
      sorted.sort(null);
      long first = sorted.get(0);
      long upper = sorted.get(random.nextInt(sorted.size())) + 1 + slack.next(random);
      long last = sorted.stream().filter(k -> k < upper).reduce(Math::max).orElseThrow();
      return new Case(
          new SortedKeys(List.copyOf(sorted), random.nextInt(4) > 0),
          flags.next(random) ? null : first - slack.next(random),
          upper,
          first,
          last,
          rows.next(random),
          estimates.next(random));
    };
  }

  @Test
  void shouldSplitAWindowIntoContiguousChunksAtRealKeys() {
    // Fewer tries than the pure arithmetic: a try may place 10,000 chunks.
    forAll(
        500,
        cases(),
        c -> {
          List<Long> keys = c.catalog().keys();
          List<Chunk> chunks =
              new WindowSplitter(c.catalog(), TABLE, KEY, new ArrayList<>())
                  .split(
                      c.lower(),
                      c.upper(),
                      c.first(),
                      c.last(),
                      c.rowsPerChunk(),
                      c.estimatedRows());

          assertThat(chunks.size()).isBetween(1, KeyWalk.MAX_WALK_CHUNKS * 10);
          assertThat(chunks.get(0).lowerInclusive())
              .isEqualTo(c.lower() == null ? null : c.lower().toString());
          assertThat(chunks.get(chunks.size() - 1).upperExclusive())
              .isEqualTo(Long.toString(c.upper()));
          // Plain checks: up to 10,000 chunks per try.
          for (int i = 0; i < chunks.size(); i++) {
            Chunk chunk = chunks.get(i);
            if (chunk.index() != i) {
              fail("chunk %d has index %d", i, chunk.index());
            }
            if (i + 1 < chunks.size()
                && !chunk.upperExclusive().equals(chunks.get(i + 1).lowerInclusive())) {
              fail(
                  "chunk %d ends at %s, chunk %d starts at %s",
                  i, chunk.upperExclusive(), i + 1, chunks.get(i + 1).lowerInclusive());
            }
            if (chunk.lowerInclusive() != null
                && Long.parseLong(chunk.lowerInclusive())
                    >= Long.parseLong(chunk.upperExclusive())) {
              fail("chunk %d is empty: %s", i, chunk.describeRange());
            }
          }
          if (!c.catalog().indexed()) {
            assertThat(chunks).hasSize(1);
          }
          long wanted =
              c.estimatedRows() < 0
                  ? 0
                  : WindowSplitter.ceilDiv(c.estimatedRows(), c.rowsPerChunk());
          if (c.catalog().indexed() && wanted <= KeyWalk.MAX_WALK_CHUNKS) {
            // Walked, not spread at equal widths: every inner boundary is a key of the window.
            for (Chunk chunk : chunks.subList(1, chunks.size())) {
              assertThat(keys).contains(Long.parseLong(chunk.lowerInclusive()));
              assertThat(Long.parseLong(chunk.lowerInclusive())).isBetween(c.first() + 1, c.last());
            }
          }
          // Contiguous non-empty chunks from lower to upper hold every key of the window once.
          assertThat(c.lower() == null || c.lower() <= c.first()).isTrue();
        });
  }
}
