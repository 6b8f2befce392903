package dev.rivet.launcher.run;

import dev.rivet.kernel.plan.CheckSettings;
import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.kernel.plan.OutputSettings;
import dev.rivet.kernel.plan.ReadSettings;
import dev.rivet.kernel.plan.ValuePolicies;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** What differs between the export config a run was planned with and the config now. */
final class ConfigChanges {
  /** The spec's groups of settings, compared setting by setting. */
  private static final Set<Class<?>> GROUPS =
      Set.of(ReadSettings.class, ValuePolicies.class, OutputSettings.class, CheckSettings.class);

  private ConfigChanges() {}

  /** e.g. {@code ["format: PARQUET -> CSV"]}; empty when the two are equal. */
  static List<String> between(ExportSpec before, ExportSpec now) {
    List<String> changes = new ArrayList<>();
    addChanges(ExportSpec.class, before, now, changes);
    return changes;
  }

  private static void addChanges(Class<?> record, Object before, Object now, List<String> changes) {
    for (RecordComponent component : record.getRecordComponents()) {
      Object was = value(component, before);
      Object is = value(component, now);
      if (Objects.equals(was, is)) {
        continue;
      }
      if (was != null && is != null && GROUPS.contains(component.getType())) {
        addChanges(component.getType(), was, is, changes);
      } else {
        changes.add(component.getName() + ": " + was + " -> " + is);
      }
    }
  }

  private static Object value(RecordComponent component, Object record) {
    try {
      return component.getAccessor().invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("record accessors are public", e);
    }
  }
}
