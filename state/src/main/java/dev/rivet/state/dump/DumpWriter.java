package dev.rivet.state.dump;

/**
 * Writes a dump: the header, then rows table by table in {@link DumpTable} order, then {@link
 * #finish()}. Fails with an {@link java.io.UncheckedIOException} when its output cannot be written.
 */
public interface DumpWriter {
  void header(DumpHeader header);

  /** Starts {@code table}; its rows follow. Every table is started once, in order, rows or not. */
  void table(DumpTable table);

  void row(DumpRow row);

  /** Ends the dump and flushes it; the output stays open. */
  void finish();
}
