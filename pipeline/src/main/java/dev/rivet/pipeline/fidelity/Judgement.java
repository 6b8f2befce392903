package dev.rivet.pipeline.fidelity;

import java.util.Objects;

/**
 * The fidelity of one column's mapping or override, with a short reason when it is not exact.
 *
 * @param reason empty for {@link Fidelity#EXACT}, else why (e.g. {@code rounded to 2 decimals})
 */
public record Judgement(Fidelity fidelity, String reason) {
  public Judgement {
    Objects.requireNonNull(fidelity, "fidelity");
    Objects.requireNonNull(reason, "reason");
  }

  static Judgement exact() {
    return new Judgement(Fidelity.EXACT, "");
  }

  static Judgement compatible(String reason) {
    return new Judgement(Fidelity.COMPATIBLE, reason);
  }

  static Judgement lossy(String reason) {
    return new Judgement(Fidelity.LOSSY, reason);
  }

  static Judgement refused(String reason) {
    return new Judgement(Fidelity.REFUSED, reason);
  }
}
