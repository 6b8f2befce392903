package dev.rivet.planner.preflight;

import java.util.Objects;

/**
 * The tuning preflight recommends for an export.
 *
 * @param parallelism chunks to read at once, at least 1
 * @param reason why this profile and parallelism
 */
public record Recommendation(Profile profile, int parallelism, String reason) {
  public Recommendation {
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(reason, "reason");
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be >= 1, got " + parallelism);
    }
  }
}
