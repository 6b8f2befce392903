package dev.rivet.planner.split;

import static dev.rivet.kernel.testing.PropertyCheck.forAll;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.KeyType;
import dev.rivet.kernel.plan.SplitKey;
import dev.rivet.kernel.testing.Gen;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Properties of re-splitting one chunk into sub-ranges, for any chunk of a long key. */
class SubRangesPropertiesTest {
  private static final SplitKey ID = new SplitKey("id", KeyType.INTEGER);

  /**
   * A chunk over the keys {@code [first, last]}: bounded on a side as {@code first} and {@code last
   * + 1}, or open there (always open where the bound would overflow).
   */
  record Case(int index, long first, long last, boolean openBelow, boolean openAbove, int pieces) {
    Chunk chunk() {
      return new Chunk(index, lower(), upper());
    }

    String lower() {
      return openBelow ? null : Long.toString(first);
    }

    String upper() {
      return openAbove || last == Long.MAX_VALUE ? null : Long.toString(last + 1);
    }

    BigInteger width() {
      return BigInteger.valueOf(last).subtract(BigInteger.valueOf(first)).add(BigInteger.ONE);
    }
  }

  static Gen<Case> cases() {
    Gen<RangeSplitterPropertiesTest.Range> ranges = RangeSplitterPropertiesTest.ranges();
    Gen<Integer> indexes = Gen.ints(0, 10_000);
    Gen<Boolean> open = Gen.booleans();
    Gen<Integer> pieces = Gen.oneOf(Gen.ints(1, 8), Gen.ints(1, 1_000));
    return random -> {
      RangeSplitterPropertiesTest.Range range = ranges.next(random);
      return new Case(
          indexes.next(random),
          range.min(),
          range.max(),
          open.next(random),
          open.next(random),
          pieces.next(random));
    };
  }

  @Test
  void shouldCoverTheChunkExactlyOnceWithAtMostTheAskedPieces() {
    forAll(
        1000,
        cases(),
        c -> {
          List<Chunk> ranges = SubRanges.split(c.chunk(), ID, c.first(), c.last(), c.pieces());

          long n = c.width().min(BigInteger.valueOf(c.pieces())).longValueExact();
          assertThat(ranges).hasSize((int) n);
          if (n == 1) {
            assertThat(ranges).containsExactly(c.chunk());
            return;
          }
          Coverage.assertPartition(ranges, c.lower(), c.upper(), c.index());
          // Every sub-range holds keys of the chunk: boundaries lie in (first, last].
          assertThat(Coverage.boundaries(ranges))
              .allSatisfy(
                  b -> assertThat(b).isGreaterThan(c.first()).isLessThanOrEqualTo(c.last()));
          for (long key : new long[] {c.first(), c.last()}) {
            assertThat(Coverage.holding(ranges, key)).as("ranges holding %d", key).isEqualTo(1);
          }
        });
  }
}
