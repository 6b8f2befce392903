package dev.rivet.planner.dialect;

/**
 * A table's physical layout as block-range planning sees it: its size in blocks now and the rows a
 * block held when statistics were last gathered; or why the source cannot read the table by ranges
 * of its blocks.
 *
 * @param blocks the table's size in blocks at plan time; 0 when {@code unavailable} is set
 * @param rowsPerBlock rows per block from the table's statistics, or -1 when it was never analyzed
 * @param unavailable why block ranges cannot be read, e.g. {@code "the server is PostgreSQL 13.4
 *     (TID range scans need 14 or later)"}, or null when they can
 */
public record TableBlocks(long blocks, double rowsPerBlock, String unavailable) {
  public TableBlocks {
    if (blocks < 0) {
      throw new IllegalArgumentException("blocks must be >= 0, got " + blocks);
    }
    if (unavailable != null && blocks != 0) {
      throw new IllegalArgumentException("an unavailable layout has no blocks");
    }
  }

  /** A table that block ranges can read. */
  public static TableBlocks of(long blocks, double rowsPerBlock) {
    return new TableBlocks(blocks, rowsPerBlock, null);
  }

  /** A table that cannot be read by block ranges, and why. */
  public static TableBlocks unavailable(String why) {
    return new TableBlocks(0, -1, why);
  }

  public boolean available() {
    return unavailable == null;
  }
}
