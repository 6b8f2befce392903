package dev.rivet.planner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Checks that a plan's chunks split a table into even parts that read every row once. */
final class EvenChunks {
  private EvenChunks() {}

  /**
   * Every chunk but the last holds {@code target} rows ±20 %, and the chunks together hold {@code
   * rows} distinct keys.
   */
  static void assertEveryRowOnceInEvenChunks(List<List<Long>> chunks, long rows, long target) {
    assertThat(chunks).hasSizeGreaterThan(1);
    for (List<Long> chunk : chunks.subList(0, chunks.size() - 1)) {
      assertThat((long) chunk.size())
          .as("rows of each chunk but the last")
          .isBetween(target * 8 / 10, target * 12 / 10);
    }
    Set<Long> distinct = new HashSet<>();
    long total = 0;
    for (List<Long> chunk : chunks) {
      distinct.addAll(chunk);
      total += chunk.size();
    }
    assertThat(total).isEqualTo(rows);
    assertThat((long) distinct.size()).isEqualTo(rows);
  }
}
