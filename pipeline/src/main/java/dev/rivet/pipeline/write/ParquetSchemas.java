package dev.rivet.pipeline.write;

import dev.rivet.pipeline.lineage.LineageColumns;
import dev.rivet.pipeline.types.ColumnType;
import dev.rivet.pipeline.types.ValuePolicies;
import java.util.List;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

/**
 * The Parquet schema of mapped columns: one top-level field per column, lists in the standard
 * three-level form ({@code <col> (LIST) { repeated group list { optional <type> element } }}),
 * nested once per further array dimension, maps in the standard MAP form ({@code key_value} of a
 * required key and an optional value), structs as a group of their optional fields.
 */
final class ParquetSchemas {
  static final String MESSAGE_NAME = "rivet";
  static final String LIST_GROUP = "list";
  static final String LIST_ELEMENT = "element";
  static final String MAP_GROUP = "key_value";
  static final String MAP_KEY = "key";
  static final String MAP_VALUE = "value";

  private ParquetSchemas() {}

  static MessageType messageType(List<ColumnType> columns, ValuePolicies policies) {
    Types.MessageTypeBuilder message = Types.buildMessage();
    for (ColumnType column : columns) {
      message.addField(field(column, policies));
    }
    return message.named(MESSAGE_NAME);
  }

  /**
   * A column is REQUIRED only when the source guarantees no NULLs and neither the infinity nor the
   * zero-date policy can turn a value into NULL.
   */
  static boolean isOptional(ColumnType column, ValuePolicies policies) {
    if (LineageColumns.isLineage(column)) {
      return false;
    }
    return column.nullable() || policies.mayNull(column);
  }

  private static Type field(ColumnType column, ValuePolicies policies) {
    Repetition repetition =
        isOptional(column, policies) ? Repetition.OPTIONAL : Repetition.REQUIRED;
    return type(column, repetition, column.name());
  }

  private static Type type(ColumnType column, Repetition repetition, String name) {
    switch (column.kind()) {
      case MAP:
        return mapField(repetition, name);
      case LIST:
        return Types.buildGroup(repetition)
            .as(LogicalTypeAnnotation.listType())
            .addField(
                Types.repeatedGroup()
                    .addField(type(column.element(), Repetition.OPTIONAL, LIST_ELEMENT))
                    .named(LIST_GROUP))
            .named(name);
      case STRUCT:
        // A group of the composite's fields, each optional (an attribute can always be NULL).
        Types.GroupBuilder<org.apache.parquet.schema.GroupType> group =
            Types.buildGroup(repetition);
        for (ColumnType field : column.fields()) {
          group = group.addField(type(field, Repetition.OPTIONAL, field.name()));
        }
        return group.named(name);
      default:
        return primitive(column, repetition, name);
    }
  }

  /**
   * The standard MAP form: {@code <col> (MAP) { repeated group key_value { required binary key
   * (STRING); optional binary value (STRING) } }}.
   */
  private static Type mapField(Repetition repetition, String name) {
    return Types.buildGroup(repetition)
        .as(LogicalTypeAnnotation.mapType())
        .addField(
            Types.repeatedGroup()
                .addField(
                    Types.required(PrimitiveTypeName.BINARY)
                        .as(LogicalTypeAnnotation.stringType())
                        .named(MAP_KEY))
                .addField(
                    Types.optional(PrimitiveTypeName.BINARY)
                        .as(LogicalTypeAnnotation.stringType())
                        .named(MAP_VALUE))
                .named(MAP_GROUP))
        .named(name);
  }

  private static Type primitive(ColumnType type, Repetition repetition, String name) {
    Types.PrimitiveBuilder<org.apache.parquet.schema.PrimitiveType> builder =
        Types.primitive(type.parquetPrimitive(), repetition);
    if (type.fixedLength() > 0) {
      builder = builder.length(type.fixedLength());
    }
    LogicalTypeAnnotation annotation = type.parquetAnnotation();
    if (annotation != null) {
      builder = builder.as(annotation);
    }
    return builder.named(name);
  }
}
