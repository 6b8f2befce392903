package dev.rivet.planner.split;

/**
 * How finely to split: about {@code targetRowsPerChunk} rows per chunk, never more than {@code
 * maxChunks} chunks.
 */
public record SplitPolicy(long targetRowsPerChunk, int maxChunks) {
  public static final int DEFAULT_MAX_CHUNKS = 10_000;

  public SplitPolicy {
    if (targetRowsPerChunk < 1) {
      throw new IllegalArgumentException("targetRowsPerChunk must be >= 1");
    }
    if (maxChunks < 1) {
      throw new IllegalArgumentException("maxChunks must be >= 1");
    }
  }
}
