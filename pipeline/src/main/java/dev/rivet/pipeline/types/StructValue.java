package dev.rivet.pipeline.types;

import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One non-null composite value: each field read as a column of its field type would be (null for a
 * NULL field), and the source's text form of the whole value.
 *
 * @param text the source's text form, e.g. PostgreSQL's {@code ("Main St",12,"2024-01-01
 *     00:00:00+00")}
 * @param fields the field values in the order of the type's fields; elements may be null
 */
public record StructValue(String text, List<Object> fields) {
  public StructValue {
    Objects.requireNonNull(text, "text");
    fields = Collections.unmodifiableList(fields);
  }
}
