package dev.rivet.planner.split;

import static dev.rivet.kernel.testing.PropertyCheck.forAll;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.KeyType;
import dev.rivet.kernel.testing.Gen;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Properties of equal-width splitting, for any key range including the ends of a long. */
class RangeSplitterPropertiesTest {
  private static final int TRIES = 1000;

  /** A key range {@code [min, max]}: anywhere in the long range, often at its ends. */
  record Range(long min, long max) {
    BigInteger width() {
      return BigInteger.valueOf(max).subtract(BigInteger.valueOf(min)).add(BigInteger.ONE);
    }
  }

  static Gen<Range> ranges() {
    Gen<Long> longs = Gen.longs();
    Gen<Long> widths = Gen.longs(0, 20_000);
    Gen<Range> anywhere =
        random -> {
          long a = longs.next(random);
          long b = longs.next(random);
          return new Range(Math.min(a, b), Math.max(a, b));
        };
    Gen<Range> narrow =
        random -> {
          long min = longs.next(random);
          long width = widths.next(random);
          return new Range(min, min > Long.MAX_VALUE - width ? Long.MAX_VALUE : min + width);
        };
    return Gen.oneOf(anywhere, narrow);
  }

  record SplitCase(Range range, int count) {}

  record CountCase(KeyType type, Range range, long rows, long target, int maxChunks) {}

  @Test
  void shouldPartitionAnyRangeIntoContiguousEvenChunksOpenAtBothEnds() {
    Gen<Integer> counts = Gen.oneOf(Gen.ints(1, 64), Gen.ints(1, 2_000));
    Gen<SplitCase> cases = random -> new SplitCase(ranges().next(random), counts.next(random));
    forAll(
        TRIES,
        cases,
        c -> {
          Range r = c.range();
          List<Chunk> chunks =
              RangeSplitter.split(r.min(), r.max(), c.count(), null, null, Long::toString);

          long expected = r.width().min(BigInteger.valueOf(c.count())).longValueExact();
          assertThat(chunks).hasSize((int) expected);
          Coverage.assertPartition(chunks, null, null, null);
          List<Long> boundaries = Coverage.boundaries(chunks);
          // Every chunk holds keys of [min, max]: boundaries lie in (min, max].
          assertThat(boundaries).allSatisfy(b -> assertThat(b).isGreaterThan(r.min()));
          assertThat(boundaries).allSatisfy(b -> assertThat(b).isLessThanOrEqualTo(r.max()));
          // Equal widths: the keys of [min, max] per chunk differ by at most one.
          BigInteger low = r.width().divide(BigInteger.valueOf(expected));
          BigInteger previous = BigInteger.valueOf(r.min());
          for (long b : boundaries) {
            assertWidth(BigInteger.valueOf(b).subtract(previous), low);
            previous = BigInteger.valueOf(b);
          }
          assertWidth(BigInteger.valueOf(r.max()).add(BigInteger.ONE).subtract(previous), low);
          for (long key : new long[] {Long.MIN_VALUE, r.min(), r.max(), Long.MAX_VALUE}) {
            assertThat(Coverage.holding(chunks, key)).as("chunks holding %d", key).isEqualTo(1);
          }
        });
  }

  @Test
  void shouldKeepGivenOuterBoundsAndStayInsideThem() {
    Gen<SplitCase> cases =
        ranges()
            .filter(r -> r.min() > Long.MIN_VALUE && r.max() < Long.MAX_VALUE)
            .flatMap(r -> Gen.ints(1, 200).map(n -> new SplitCase(r, n)));
    forAll(
        TRIES,
        cases,
        c -> {
          String lower = Long.toString(c.range().min());
          String upper = Long.toString(c.range().max() + 1);
          List<Chunk> chunks =
              RangeSplitter.split(
                  c.range().min(), c.range().max(), c.count(), lower, upper, Long::toString);

          Coverage.assertPartition(chunks, lower, upper, null);
        });
  }

  @Test
  void shouldAskForEnoughChunksButNeverMoreThanTheCapOrTheDistinctKeys() {
    Gen<KeyType> types =
        Gen.of(KeyType.INTEGER, KeyType.DATE, KeyType.TIMESTAMP, KeyType.TIMESTAMPTZ);
    Gen<Long> estimates = Gen.oneOf(Gen.longs(-1, Long.MAX_VALUE), Gen.scaled(-1, Long.MAX_VALUE));
    Gen<Long> targets = Gen.oneOf(Gen.longs(1, Long.MAX_VALUE), Gen.scaled(1, Long.MAX_VALUE));
    Gen<Integer> caps = Gen.oneOf(Gen.ints(1, Integer.MAX_VALUE), Gen.ints(1, 100));
    Gen<CountCase> cases =
        random ->
            new CountCase(
                types.next(random),
                ranges().next(random),
                estimates.next(random),
                targets.next(random),
                caps.next(random));
    forAll(
        TRIES,
        cases,
        c -> {
          KeyStats stats = new KeyStats(c.type(), c.range().min(), c.range().max(), c.rows());
          int count = RangeSplitter.chunkCount(stats, new SplitPolicy(c.target(), c.maxChunks()));

          BigInteger cap = c.range().width().min(BigInteger.valueOf(c.maxChunks()));
          assertThat(count).isBetween(1, cap.intValueExact());
          // Rows the split must spread: a unique integer key holds at most one row per value, and
          // no table holds more than Long.MAX_VALUE rows.
          BigInteger rows =
              c.type() == KeyType.INTEGER
                  ? (c.rows() < 0 ? c.range().width() : c.range().width().min(big(c.rows())))
                      .min(big(Long.MAX_VALUE))
                  : big(Math.max(0, c.rows()));
          BigInteger needed =
              rows.add(big(c.target() - 1)).divide(big(c.target())).max(BigInteger.ONE);
          assertThat(big(count)).as("chunks wanted, capped").isEqualTo(needed.min(cap));
        });
  }

  private static void assertWidth(BigInteger width, BigInteger low) {
    assertThat(width).isBetween(low, low.add(BigInteger.ONE));
  }

  private static BigInteger big(long value) {
    return BigInteger.valueOf(value);
  }
}
