package dev.rivet.launcher.output;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.rivet.kernel.schema.ColumnSchema;
import dev.rivet.kernel.schema.SchemaChange;
import dev.rivet.launcher.drift.ChangeText;

/**
 * One schema change in {@code --output json}: its kind, the column, its positions (1-based, absent
 * when it has none), its declared type and output type before and after, and the sentence the
 * console prints.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SchemaChangeJson(
    @JsonProperty("kind") String kind,
    @JsonProperty("column") String column,
    @JsonProperty("from_position") Integer fromPosition,
    @JsonProperty("to_position") Integer toPosition,
    @JsonProperty("before") Column before,
    @JsonProperty("after") Column after,
    @JsonProperty("description") String description) {

  /** A column's type as the change saw it. */
  public record Column(
      @JsonProperty("name") String name,
      @JsonProperty("source_type") String sourceType,
      @JsonProperty("nullable") boolean nullable,
      @JsonProperty("output_type") String outputType) {
    static Column of(ColumnSchema c) {
      return c == null
          ? null
          : new Column(c.name(), c.declaredType(), c.nullable(), c.outputType());
    }
  }

  static SchemaChangeJson of(SchemaChange change) {
    return new SchemaChangeJson(
        change.kind().wireValue(),
        change.column(),
        change.fromPosition() == 0 ? null : change.fromPosition(),
        change.toPosition() == 0 ? null : change.toPosition(),
        Column.of(change.before()),
        Column.of(change.after()),
        ChangeText.describe(change));
  }
}
