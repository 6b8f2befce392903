package dev.rivet.pipeline.fidelity;

import java.util.List;
import java.util.Locale;

/** The column name a user most likely meant: the same ignoring case, else within two edits. */
final class DidYouMean {
  private DidYouMean() {}

  /** The closest of {@code names} to {@code typed}, or null when none is close. */
  static String among(String typed, List<String> names) {
    String lower = typed.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = 3;
    for (String name : names) {
      int distance = distance(lower, name.toLowerCase(Locale.ROOT));
      if (distance < bestDistance) {
        best = name;
        bestDistance = distance;
      }
    }
    return best;
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
