package dev.rivet.kernel.plan;

import java.io.Serializable;
import java.util.Objects;

/**
 * A result column as the source describes it, captured at plan time so every chunk writes the same
 * schema.
 *
 * @param jdbcType the {@link java.sql.Types} code the driver reports
 * @param typeName the source's own type name, e.g. {@code int4}, {@code _text}, {@code numeric}
 * @param precision declared precision (digits for numerics), 0 when unconstrained or not numeric
 * @param scale declared scale, 0 when not numeric
 * @param nullable false only when the source guarantees no NULLs
 */
public record SourceColumn(
    String name, int jdbcType, String typeName, int precision, int scale, boolean nullable)
    implements Serializable {
  public SourceColumn {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(typeName, "typeName");
  }
}
