package dev.rivet.pipeline.lineage;

import dev.rivet.pipeline.types.ColumnType;
import java.util.List;
import net.jpountz.xxhash.XXHash64;
import net.jpountz.xxhash.XXHashFactory;

/**
 * The lineage row hash: XXH64 with seed 0 over the {@link CanonicalEncoding} of chosen columns of a
 * row, as a signed 64-bit value. The same values give the same hash in every chunk, run, output
 * format and JVM (the pure-Java XXH64 of lz4-java, no native code). Not thread-safe: one per
 * writer.
 */
public final class RowHash {
  /** XXH64's seed, fixed so that hashes of different runs and rivet versions compare. */
  public static final long SEED = 0L;

  private static final XXHash64 XXH64 = XXHashFactory.safeInstance().hash64();

  private final ColumnType[] types;
  private final int[] positions;
  private final CanonicalEncoding encoding = new CanonicalEncoding();

  /**
   * @param types the row's columns
   * @param positions which of them the hash covers, in hash order
   */
  RowHash(List<ColumnType> types, int[] positions) {
    this.types = types.toArray(new ColumnType[0]);
    this.positions = positions.clone();
  }

  /** The hash of every column of {@code row}, whose columns are {@code types}. */
  public static long of(List<ColumnType> types, Object[] row) {
    int[] all = new int[types.size()];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    return new RowHash(types, all).hash(row);
  }

  long hash(Object[] row) {
    encoding.reset();
    for (int position : positions) {
      encoding.append(types[position], row[position]);
    }
    return XXH64.hash(encoding.buffer(), 0, encoding.length(), SEED);
  }
}
