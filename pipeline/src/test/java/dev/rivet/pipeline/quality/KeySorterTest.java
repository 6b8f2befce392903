package dev.rivet.pipeline.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeySorterTest {
  @TempDir Path spill;

  @Test
  void shouldFindNoDuplicateAmongDistinctKeys() {
    try (KeySorter sorter = new KeySorter(1 << 20, spill)) {
      for (int i = 0; i < 10_000; i++) {
        sorter.add(key("k" + i));
      }
      KeySorter.Duplicates found = sorter.duplicates(10);
      assertThat(found.keys()).isEqualTo(10_000);
      assertThat(found.duplicateRows()).isZero();
      assertThat(found.first()).isEmpty();
    }
  }

  @Test
  void shouldCountDuplicatesExactlyInMemory() {
    assertMatchesAHashMap(1L << 30, 0);
  }

  @Test
  void shouldCountDuplicatesExactlyWhenSpillingMoreRunsThanOneMergeOpens() throws Exception {
    // A 4 KiB buffer holds about 100 keys: 50,000 keys make ~500 runs, merged in several passes.
    int spills = assertMatchesAHashMap(4096, KeySorter.FAN_IN + 1);
    assertThat(spills).isGreaterThan(KeySorter.FAN_IN * 2);
    try (var left = Files.list(spill)) {
      assertThat(left).as("run files are deleted on close").isEmpty();
    }
  }

  /** Random keys with repeats; returns how many runs were spilled. */
  private int assertMatchesAHashMap(long bufferBytes, int minSpills) {
    SplittableRandom random = new SplittableRandom(42);
    Map<String, Integer> truth = new HashMap<>();
    int spills;
    try (KeySorter sorter = new KeySorter(bufferBytes, spill)) {
      for (int i = 0; i < 50_000; i++) {
        String k = "key-" + random.nextInt(45_000);
        truth.merge(k, 1, Integer::sum);
        sorter.add(key(k));
      }
      spills = sorter.spills();
      KeySorter.Duplicates found = sorter.duplicates(5);
      long rows = truth.values().stream().filter(n -> n > 1).mapToLong(n -> n - 1).sum();
      long keys = truth.values().stream().filter(n -> n > 1).count();
      assertThat(found.duplicateRows()).isEqualTo(rows).isPositive();
      assertThat(found.duplicateKeys()).isEqualTo(keys);
      List<String> repeated =
          truth.entrySet().stream()
              .filter(e -> e.getValue() > 1)
              .map(e -> key(e.getKey()))
              .sorted(Arrays::compareUnsigned)
              .limit(5)
              .map(CompositeKey::describe)
              .toList();
      assertThat(found.first().stream().map(CompositeKey::describe).toList())
          .as("the first keys in byte order")
          .containsExactlyElementsOf(repeated);
    }
    assertThat(spills).isGreaterThanOrEqualTo(minSpills);
    return spills;
  }

  @Test
  void shouldTellCompositeKeysApartWhateverTheirValuesContain() {
    assertThat(CompositeKey.encode(List.of("a,b", "c")))
        .isNotEqualTo(CompositeKey.encode(List.of("a", "b,c")));
    assertThat(CompositeKey.describe(CompositeKey.encode(List.of("7", "EU")))).isEqualTo("(7, EU)");
    assertThat(CompositeKey.decode(CompositeKey.encode(List.of("", "ü")))).containsExactly("", "ü");
  }

  private static byte[] key(String text) {
    return CompositeKey.encode(List.of(text));
  }
}
