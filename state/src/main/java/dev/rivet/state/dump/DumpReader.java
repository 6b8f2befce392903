package dev.rivet.state.dump;

/**
 * Reads a dump written by a {@link DumpWriter}: the header first, then its rows one at a time, each
 * checked against its table's columns (names, types, nulls).
 *
 * <p>Throws {@link dev.rivet.kernel.failure.RivetException} of kind {@code USER_CONFIG} naming the
 * file, the line and field, and what was expected, when the document is not a dump this build can
 * read; an {@link java.io.UncheckedIOException} when it cannot be read.
 */
public interface DumpReader {
  /** The header; read before the first row. */
  DumpHeader header();

  /** The next row, or null after the last one (the document was read to its end). */
  DumpRow next();

  /** The name of what is read, e.g. the file, for messages. */
  String name();
}
