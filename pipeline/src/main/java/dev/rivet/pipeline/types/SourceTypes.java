package dev.rivet.pipeline.types;

import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.source.SourceKind;
import java.util.ServiceLoader;

/**
 * What differs between source databases in mapping and reading values: the {@link ColumnType} a
 * result column maps to, how the driver's flags, dates, times and arrays are decoded, and which
 * value policy can write a value as NULL. Implemented once per database ({@code pipeline.postgres},
 * {@code pipeline.mysql}), registered as a {@link ServiceLoader} service and found from the {@link
 * SourceKind}, so generic code never names a database. Implementations are stateless.
 */
public interface SourceTypes {

  /** The source family these types speak for. */
  SourceKind kind();

  /**
   * The mapped type of one result column: a type that holds every value of the source type, or its
   * exact text form.
   */
  ColumnType map(SourceColumn column);

  /** Reads the values of one column whose decoding is this source's driver's own. */
  SourceValueReader reader(ColumnSlot column);

  /**
   * Whether this source's {@link #binaryRead()} decodes values of {@code type} exactly as {@link
   * #reader} reads them through JDBC; false for every type of a source without one.
   */
  default boolean binaryDecodes(ColumnType type) {
    return false;
  }

  /**
   * The source's bulk protocol, for exports whose every column it {@linkplain #binaryDecodes
   * decodes}.
   *
   * @throws UnsupportedOperationException for a source without one
   */
  default BinaryRead binaryRead() {
    throw new UnsupportedOperationException(kind() + " has no binary read protocol");
  }

  /** Whether {@code policies} can write a non-null source value of {@code type} as NULL. */
  boolean mayNull(ColumnType type, ValuePolicies policies);

  /**
   * The types of a source family, from the immutable set the class path registers (the same on
   * every runner and worker).
   *
   * @throws IllegalStateException when no types are registered for {@code kind} (a packaging
   *     defect: the jar lost its {@code META-INF/services} entries)
   */
  static SourceTypes of(SourceKind kind) {
    SourceTypes types = RegisteredTypes.BY_KIND.get(kind);
    if (types == null) {
      throw new IllegalStateException(
          "no source types registered for source kind "
              + kind
              + " in META-INF/services/"
              + SourceTypes.class.getName());
    }
    return types;
  }
}
