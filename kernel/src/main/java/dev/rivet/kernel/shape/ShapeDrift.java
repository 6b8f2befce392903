package dev.rivet.kernel.shape;

import dev.rivet.kernel.plan.ShapeDriftSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compares a run's shape with the previous successful run of its export and with the columns'
 * declared lengths. Pure: the same shapes give the same warnings, in column order; a warning never
 * fails a run.
 */
public final class ShapeDrift {
  private ShapeDrift() {}

  /**
   * @param previous the newest earlier successful run that recorded a shape, if any
   * @param declaredLengths each column's declared length in characters, e.g. 255 for varchar(255);
   *     columns without one are absent
   */
  public static List<ShapeWarning> compare(
      RunShape current,
      Optional<RunShape> previous,
      Map<String, Integer> declaredLengths,
      ShapeDriftSettings settings) {
    List<ShapeWarning> warnings = new ArrayList<>();
    for (ColumnProfile column : current.columns()) {
      Optional<ColumnProfile> before = previous.flatMap(p -> p.column(column.column()));
      if (before.isPresent()) {
        RunShape prior = previous.get();
        grew(column, before.get(), prior.runId(), settings).ifPresent(warnings::add);
        if (current.rows() > 0 && prior.rows() > 0) {
          double was = prior.nullRatio(before.get());
          double now = current.nullRatio(column);
          if (now - was >= settings.nullRatioJump()) {
            warnings.add(
                new ShapeWarning(
                    ShapeWarningCode.NULL_RATIO_JUMPED,
                    column.column(),
                    prior.runId(),
                    was,
                    now,
                    settings.nullRatioJump()));
          }
        }
      }
      Integer declared = declaredLengths.get(column.column());
      if (declared != null
          && declared > 0
          && column.maxChars() >= ShapeDriftSettings.DECLARED_LENGTH_SHARE * declared) {
        warnings.add(
            new ShapeWarning(
                ShapeWarningCode.NEAR_DECLARED_LENGTH,
                column.column(),
                null,
                declared,
                column.maxChars(),
                ShapeDriftSettings.DECLARED_LENGTH_SHARE));
      }
    }
    return List.copyOf(warnings);
  }

  private static Optional<ShapeWarning> grew(
      ColumnProfile now, ColumnProfile before, String priorRunId, ShapeDriftSettings settings) {
    // Growth from nothing (no values, or only empty ones) has no factor.
    if (before.maxBytes() <= 0 || now.maxBytes() <= settings.warnFactor() * before.maxBytes()) {
      return Optional.empty();
    }
    return Optional.of(
        new ShapeWarning(
            ShapeWarningCode.MAX_BYTES_GREW,
            now.column(),
            priorRunId,
            before.maxBytes(),
            now.maxBytes(),
            settings.warnFactor()));
  }
}
