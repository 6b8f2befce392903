package dev.rivet.planner.tuning;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The source's connection limits as read at plan time, or why they could not be read. The free
 * connections are those the tightest limit still admits.
 *
 * @param limits every limit that applies to the exporting user; empty when unknown
 * @param unknownReason why the limits could not be read; null when they were
 */
public record FreeConnections(List<ConnectionLimit> limits, String unknownReason) {
  public FreeConnections {
    limits = List.copyOf(limits);
    if ((unknownReason == null) == limits.isEmpty()) {
      throw new IllegalArgumentException("give either at least one limit or why none is known");
    }
  }

  public static FreeConnections of(List<ConnectionLimit> limits) {
    return new FreeConnections(limits, null);
  }

  public static FreeConnections unknown(String reason) {
    return new FreeConnections(List.of(), Objects.requireNonNull(reason, "reason"));
  }

  /** The limit that admits the fewest more connections; empty when the limits are unknown. */
  public Optional<ConnectionLimit> tightest() {
    return limits.stream().min(Comparator.comparingLong(ConnectionLimit::free));
  }
}
