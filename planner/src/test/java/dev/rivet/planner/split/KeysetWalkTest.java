package dev.rivet.planner.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.KeyTuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Keyset boundaries over a sorted list of keys standing in for an index. */
class KeysetWalkTest {
  /** Keys "k000".."k(n-1)", in index order. */
  private static List<KeyTuple> keys(int n) {
    List<KeyTuple> keys = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      keys.add(new KeyTuple(List.of(String.format("k%03d", i))));
    }
    return keys;
  }

  /** The index: the key {@code offset} entries after {@code from} (or after the start). */
  private static KeysetWalk.Seeker over(List<KeyTuple> keys, List<Long> offsets) {
    return (from, offset) -> {
      offsets.add(offset);
      int start = from == null ? 0 : keys.indexOf(from);
      long at = start + offset;
      return at < keys.size() ? Optional.of(keys.get((int) at)) : Optional.empty();
    };
  }

  @Test
  void shouldPlaceBoundariesEveryStepKeysWithOpenEnds() {
    List<Long> offsets = new ArrayList<>();

    List<Chunk> chunks = KeysetWalk.split(10, 1000, over(keys(35), offsets));

    assertThat(chunks)
        .extracting(Chunk::lowerInclusive, Chunk::upperExclusive)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(null, "[\"k010\"]"),
            org.assertj.core.groups.Tuple.tuple("[\"k010\"]", "[\"k020\"]"),
            org.assertj.core.groups.Tuple.tuple("[\"k020\"]", "[\"k030\"]"),
            org.assertj.core.groups.Tuple.tuple("[\"k030\"]", null));
    assertThat(chunks).extracting(Chunk::index).containsExactly(0, 1, 2, 3);
    assertThat(offsets).containsOnly(10L).hasSize(4);
  }

  @Test
  void shouldGiveOneUnboundedChunkWhenTheIndexHoldsAtMostOneStep() {
    assertThat(KeysetWalk.split(10, 1000, over(keys(10), new ArrayList<>())))
        .containsExactly(Chunk.whole());
  }

  @Test
  void shouldStopAtMaxChunksWithTheLastHoldingTheRest() {
    List<Chunk> chunks = KeysetWalk.split(10, 3, over(keys(100), new ArrayList<>()));

    assertThat(chunks).hasSize(3);
    assertThat(chunks.get(2).lowerInclusive()).isEqualTo("[\"k020\"]");
    assertThat(chunks.get(2).upperExclusive()).isNull();
  }

  @Test
  void shouldRefuseAWalkThatDoesNotMove() {
    KeyTuple stuck = new KeyTuple(List.of("x"));

    assertThatThrownBy(() -> KeysetWalk.split(10, 1000, (from, offset) -> Optional.of(stuck)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not unique");
  }

  @Test
  void shouldRaiseTheStepSoAWalkPlacesAtMostMaxChunks() {
    assertThat(KeysetWalk.step(-1, 1000, 1000)).isEqualTo(1000);
    assertThat(KeysetWalk.step(500_000, 1000, 1000)).isEqualTo(1000);
    assertThat(KeysetWalk.step(5_000_001, 1000, 1000)).isEqualTo(5001);
  }
}
