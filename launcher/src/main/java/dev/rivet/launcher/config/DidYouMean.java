package dev.rivet.launcher.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.text.similarity.LevenshteinDistance;

/** Finds the valid word a user most likely meant: within edit distance 2, or sharing a prefix. */
final class DidYouMean {
  private static final LevenshteinDistance WITHIN_TWO = new LevenshteinDistance(2);

  private DidYouMean() {}

  static Optional<String> among(String input, Collection<String> candidates) {
    String typed = input.toLowerCase(Locale.ROOT);
    if (typed.isEmpty()) {
      return Optional.empty();
    }
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      // LevenshteinDistance with a threshold returns -1 when the distance exceeds it.
      int distance = WITHIN_TWO.apply(typed, candidate.toLowerCase(Locale.ROOT));
      if (distance >= 0 && distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    if (best != null) {
      return Optional.of(best);
    }
    return candidates.stream()
        .filter(c -> c.toLowerCase(Locale.ROOT).startsWith(typed))
        .findFirst();
  }

  /** {@code "; did you mean 'x'?"}, or empty when nothing is close. */
  static String suffix(String input, Collection<String> candidates) {
    return among(input, candidates).map(s -> "; did you mean '" + s + "'?").orElse("");
  }
}
