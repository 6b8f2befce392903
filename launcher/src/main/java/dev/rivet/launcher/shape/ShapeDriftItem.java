package dev.rivet.launcher.shape;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.rivet.kernel.shape.ShapeWarning;
import dev.rivet.kernel.shape.ShapeWarningCode;

/**
 * One shape drift warning as {@code --output json} shows it under {@code shape_drift}, with its
 * text; documented in docs/cli.md.
 *
 * @param previous max bytes or NULL ratio of the previous run; the declared length for {@code
 *     near_declared_length}
 * @param current max bytes or NULL ratio of this run; its longest value in characters for {@code
 *     near_declared_length}
 * @param limit the warn factor, the NULL ratio jump, or 0.9 (the share of the declared length)
 */
public record ShapeDriftItem(
    @JsonProperty("code") String code,
    @JsonProperty("column") String column,
    @JsonProperty("previous_run_id") @JsonInclude(JsonInclude.Include.NON_NULL)
        String previousRunId,
    @JsonProperty("previous") Number previous,
    @JsonProperty("current") Number current,
    @JsonProperty("limit") double limit,
    @JsonProperty("message") String message) {

  public static ShapeDriftItem of(ShapeWarning w) {
    boolean ratio = w.code() == ShapeWarningCode.NULL_RATIO_JUMPED;
    Number previous = ratio ? (Number) w.previous() : (Number) Math.round(w.previous());
    Number current = ratio ? (Number) w.current() : (Number) Math.round(w.current());
    return new ShapeDriftItem(
        w.code().wireValue(),
        w.column(),
        w.previousRunId(),
        previous,
        current,
        w.limit(),
        ShapeWarningText.describe(w));
  }
}
