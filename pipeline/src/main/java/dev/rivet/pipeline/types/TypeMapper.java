package dev.rivet.pipeline.types;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.source.SourceKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Maps source columns to {@link ColumnType}s exactly, with the source's {@link SourceTypes}: every
 * type maps either to a type that holds all its values or to its exact text form; nothing is
 * rounded or truncated.
 */
public final class TypeMapper {
  private TypeMapper() {}

  /**
   * Maps each column; types without a dedicated mapping (PostgreSQL text, varchar, enums, interval,
   * inet, money, bit, ...; MySQL TIME, ENUM, SET, ...) become {@link LogicalKind#STRING} holding
   * the source's text form. See docs/type-mapping.md.
   *
   * @param source the source family, which fixes how each type is read
   * @throws RivetException USER_CONFIG for two columns with one name
   */
  public static List<ColumnType> map(List<SourceColumn> columns, SourceKind source) {
    SourceTypes mapping = SourceTypes.of(source);
    List<ColumnType> types = new ArrayList<>(columns.size());
    Set<String> seen = new HashSet<>();
    for (SourceColumn column : columns) {
      if (!seen.add(column.name())) {
        throw new RivetException(
            FailureKind.USER_CONFIG,
            "the result has two columns named '" + column.name() + "' (" + column.typeName() + ")",
            "give each column a unique name with AS in the export's query");
      }
      types.add(mapping.map(column));
    }
    return List.copyOf(types);
  }
}
