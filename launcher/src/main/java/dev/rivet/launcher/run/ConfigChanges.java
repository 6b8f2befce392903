package dev.rivet.launcher.run;

import dev.rivet.kernel.plan.ExportSpec;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What differs between the export config a run was planned with and the config now. */
final class ConfigChanges {
  private ConfigChanges() {}

  /** e.g. {@code ["format: PARQUET -> CSV"]}; empty when the two are equal. */
  static List<String> between(ExportSpec before, ExportSpec now) {
    List<String> changes = new ArrayList<>();
    for (RecordComponent component : ExportSpec.class.getRecordComponents()) {
      Object was = value(component, before);
      Object is = value(component, now);
      if (!Objects.equals(was, is)) {
        changes.add(component.getName() + ": " + was + " -> " + is);
      }
    }
    return changes;
  }

  private static Object value(RecordComponent component, ExportSpec spec) {
    try {
      return component.getAccessor().invoke(spec);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("record accessors are public", e);
    }
  }
}
