package dev.rivet.pipeline.fidelity;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.ColumnOverride;
import dev.rivet.kernel.plan.ColumnOverrides;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.OverrideTarget;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.source.SourceKind;
import dev.rivet.pipeline.types.ColumnType;
import dev.rivet.pipeline.types.LogicalKind;
import dev.rivet.pipeline.types.SourceTypes;
import dev.rivet.pipeline.types.TypeMapper;
import dev.rivet.planner.dialect.Dialect;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The output types of a plan's columns with the export's {@code columns:} overrides applied: each
 * overridden column is mapped as the result of its cast (the dialect's {@link
 * dev.rivet.planner.dialect.OverrideCasts}), after the override is checked against the source
 * column's mapped type. Every reader and writer of a plan asks here, so that the cast the chunk
 * query makes, the file's schema and the export's recorded schema agree.
 */
public final class OutputTypes {
  private OutputTypes() {}

  /**
   * The output type of each of the plan's columns, in order.
   *
   * @throws RivetException USER_CONFIG naming the config file, key path, value and what to do, for
   *     an override of a column the export does not have, a cast the column's type does not allow,
   *     or a cast that can lose data without {@code allow_lossy: true}
   */
  public static List<ColumnType> of(ExportPlan plan) {
    return of(plan.columns(), plan.source(), plan.export().columnOverrides(), plan.export().name());
  }

  /** As {@link #of(ExportPlan)}, for {@code columns} read from {@code source}. */
  public static List<ColumnType> of(
      List<SourceColumn> columns, SourceKind source, ColumnOverrides overrides, String export) {
    List<ColumnType> natural = TypeMapper.map(columns, source);
    if (overrides.none()) {
      return natural;
    }
    checkNames(columns, overrides, export);
    SourceTypes types = SourceTypes.of(source);
    Dialect dialect = Dialect.of(source);
    List<ColumnType> out = new ArrayList<>(natural.size());
    for (int i = 0; i < columns.size(); i++) {
      SourceColumn column = columns.get(i);
      ColumnOverride override = overrides.of(column.name()).orElse(null);
      if (override == null) {
        out.add(natural.get(i));
        continue;
      }
      Judgement judgement = check(column, natural.get(i), override, overrides, export);
      ColumnType cast = types.map(dialect.casts().result(column, override));
      out.add(judgement.fidelity() == Fidelity.LOSSY ? nullable(cast) : cast);
    }
    return List.copyOf(out);
  }

  /**
   * Each column's source type, output, and fidelity; the overrides are checked as in {@link #of}.
   */
  public static List<ColumnReport> report(ExportPlan plan) {
    List<SourceColumn> columns = plan.columns();
    ColumnOverrides overrides = plan.export().columnOverrides();
    List<ColumnType> natural = TypeMapper.map(columns, plan.source());
    List<ColumnType> output = of(plan);
    List<ColumnReport> rows = new ArrayList<>(columns.size());
    for (int i = 0; i < columns.size(); i++) {
      SourceColumn column = columns.get(i);
      ColumnOverride override = overrides.of(column.name()).orElse(null);
      Judgement judgement =
          override == null
              ? FidelityRules.natural(column, natural.get(i))
              : FidelityRules.override(natural.get(i), override);
      ColumnType type = output.get(i);
      rows.add(
          new ColumnReport(
              column.name(),
              column.typeName(),
              ColumnReport.describe(override),
              OutputForms.typeName(type),
              OutputForms.parquet(type),
              OutputForms.csv(type),
              judgement));
    }
    return List.copyOf(rows);
  }

  private static Judgement check(
      SourceColumn column,
      ColumnType natural,
      ColumnOverride override,
      ColumnOverrides overrides,
      String export) {
    Judgement judgement = FidelityRules.override(natural, override);
    String key = overrides.keyPath() + "." + column.name();
    String what =
        "column '"
            + column.name()
            + "' ("
            + column.typeName()
            + ", written as "
            + OutputForms.typeName(natural)
            + ")";
    if (judgement.fidelity() == Fidelity.REFUSED) {
      throw new RivetException(
          FailureKind.USER_CONFIG,
          key
              + ": export '"
              + export
              + "': "
              + what
              + " cannot be written as "
              + override.describe()
              + ": "
              + judgement.reason()
              + "; allowed for it: "
              + allowed(natural),
          "write one of the allowed types for '"
              + column.name()
              + "', or convert the column in a query export");
    }
    if (judgement.fidelity() == Fidelity.LOSSY && !overrides.allowLossy()) {
      throw new RivetException(
          FailureKind.USER_CONFIG,
          key
              + ": export '"
              + export
              + "': writing "
              + what
              + " as "
              + override.describe()
              + " can lose data ("
              + judgement.reason()
              + ")",
          "set allow_lossy: true on export '"
              + export
              + "' to accept it, or choose a type that keeps every value: "
              + exactOnes(natural));
    }
    return judgement;
  }

  private static void checkNames(
      List<SourceColumn> columns, ColumnOverrides overrides, String export) {
    List<String> names = columns.stream().map(SourceColumn::name).toList();
    for (ColumnOverride override : overrides.columns()) {
      if (names.contains(override.column())) {
        continue;
      }
      String near = DidYouMean.among(override.column(), names);
      throw new RivetException(
          FailureKind.USER_CONFIG,
          overrides.keyPath()
              + "."
              + override.column()
              + ": export '"
              + export
              + "' has no column '"
              + override.column()
              + "'"
              + (near == null ? "" : " (did you mean '" + near + "'?)")
              + "; its columns: "
              + String.join(", ", names),
          "override one of the export's columns, by its exact name");
    }
  }

  /** The targets {@code natural} may be cast to, in config form. */
  static String allowed(ColumnType natural) {
    return targets(natural, f -> f != Fidelity.REFUSED);
  }

  private static String exactOnes(ColumnType natural) {
    String exact = targets(natural, f -> f == Fidelity.EXACT || f == Fidelity.COMPATIBLE);
    return exact.isEmpty() ? "none (remove the override)" : exact;
  }

  private static String targets(ColumnType natural, Predicate<Fidelity> keep) {
    return Arrays.stream(OverrideTarget.values())
        .filter(
            t -> keep.test(FidelityRules.override(natural, representative(natural, t)).fidelity()))
        .map(t -> t == OverrideTarget.DECIMAL ? "decimal(p,s)" : t.wireValue())
        .collect(Collectors.joining(", "));
  }

  /** A target to judge: decimal(38,s) at the source's scale (or 38,10) stands for every decimal. */
  private static ColumnOverride representative(ColumnType natural, OverrideTarget target) {
    if (target != OverrideTarget.DECIMAL) {
      return new ColumnOverride("c", target, 0, 0);
    }
    int scale = natural.kind() == LogicalKind.DECIMAL ? natural.scale() : 0;
    return new ColumnOverride("c", target, 38, scale);
  }

  private static ColumnType nullable(ColumnType type) {
    return new ColumnType(
        type.name(),
        type.sourceType(),
        type.dialect(),
        type.kind(),
        true,
        type.precision(),
        type.scale(),
        type.element());
  }
}
