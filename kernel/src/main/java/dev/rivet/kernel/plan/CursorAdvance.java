package dev.rivet.kernel.plan;

import java.io.Serializable;
import java.util.Objects;

/**
 * An incremental run's high-water marks: the one it started from and the one stored once its files
 * are published. Marks are boundary text of the cursor's {@link KeyType}.
 *
 * @param cursor what the mark is of, e.g. {@code updated_at} or {@code COALESCE(updated_at,
 *     created_at)}; a stored mark only applies to the same cursor
 * @param previousMark null on the first run
 * @param newMark null when the run saw no cursor value at all (nothing to advance to)
 * @param newMarkAxis the new mark as a number that orders marks (the integer, epoch day or epoch
 *     microsecond), so a store can keep the furthest mark without parsing it
 */
public record CursorAdvance(
    String cursor, KeyType type, String previousMark, String newMark, long newMarkAxis)
    implements Serializable {
  public CursorAdvance {
    Objects.requireNonNull(cursor, "cursor");
    Objects.requireNonNull(type, "type");
  }
}
