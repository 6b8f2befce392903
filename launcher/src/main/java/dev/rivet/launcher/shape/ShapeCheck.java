package dev.rivet.launcher.shape;

import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.shape.DeclaredLengths;
import dev.rivet.kernel.shape.RunShape;
import dev.rivet.kernel.shape.ShapeDrift;
import dev.rivet.kernel.shape.ShapeWarning;
import dev.rivet.state.RunRecord;
import dev.rivet.state.StateStore;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares a published run's shape with the previous successful run of its export, from the state
 * store alone (so any runner, a worker or a stream gets the same answer); never fails the run.
 */
public final class ShapeCheck {
  private static final Logger LOG = LoggerFactory.getLogger(ShapeCheck.class);

  private ShapeCheck() {}

  /**
   * The shape drift warnings of {@code run}, planned as {@code plan}; empty when none, and when the
   * stored profiles cannot be read (logged as a warning: the run itself is published).
   */
  public static List<ShapeDriftItem> of(StateStore store, ExportPlan plan, RunRecord run) {
    try {
      return compare(store, plan, run);
    } catch (RivetException e) {
      LOG.warn(
          "export {} run {}: shape drift not checked: {}",
          run.export(),
          run.runId(),
          e.getMessage());
      return List.of();
    }
  }

  private static List<ShapeDriftItem> compare(StateStore store, ExportPlan plan, RunRecord run) {
    RunShape shape = RunShapes.of(store, run.runId());
    if (shape.columns().isEmpty()) {
      return List.of();
    }
    List<ShapeWarning> warnings =
        ShapeDrift.compare(
            shape,
            RunShapes.previous(store, run),
            DeclaredLengths.of(plan.columns()),
            plan.export().shapeDrift());
    List<ShapeDriftItem> items =
        warnings.stream().map(ShapeDriftItem::of).collect(Collectors.toList());
    items.forEach(
        item -> LOG.debug("export {} run {}: {}", run.export(), run.runId(), item.message()));
    return List.copyOf(items);
  }
}
