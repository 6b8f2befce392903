package dev.rivet.kernel.shape;

import java.util.Objects;

/**
 * One column whose shape drifted, with the numbers that show it; rendered as text only at the edge.
 *
 * @param previousRunId the run compared with; null for {@link
 *     ShapeWarningCode#NEAR_DECLARED_LENGTH}, which compares with the declared length instead
 * @param previous the previous run's value: max bytes, or NULL ratio; for {@link
 *     ShapeWarningCode#NEAR_DECLARED_LENGTH} the declared length in characters
 * @param current this run's value: max bytes, NULL ratio, or max characters
 * @param limit the setting that was crossed: the warn factor, the NULL ratio jump, or the share of
 *     the declared length (0.9)
 */
public record ShapeWarning(
    ShapeWarningCode code,
    String column,
    String previousRunId,
    double previous,
    double current,
    double limit) {
  public ShapeWarning {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(column, "column");
  }
}
