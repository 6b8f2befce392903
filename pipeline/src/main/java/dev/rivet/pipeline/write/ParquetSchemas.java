package dev.rivet.pipeline.write;

import dev.rivet.pipeline.lineage.LineageColumns;
import dev.rivet.pipeline.types.ColumnType;
import dev.rivet.pipeline.types.LogicalKind;
import dev.rivet.pipeline.types.ValuePolicies;
import java.util.List;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

/**
 * The Parquet schema of mapped columns: one top-level field per column, lists in the standard
 * three-level form ({@code <col> (LIST) { repeated group list { optional <type> element } }}),
 * nested once per further array dimension.
 */
final class ParquetSchemas {
  static final String MESSAGE_NAME = "rivet";
  static final String LIST_GROUP = "list";
  static final String LIST_ELEMENT = "element";

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

  /** A list's element may itself be a list (a multi-dimensional array): a LIST of LISTs. */
  private static Type type(ColumnType column, Repetition repetition, String name) {
    if (column.kind() != LogicalKind.LIST) {
      return primitive(column, repetition, name);
    }
    return Types.buildGroup(repetition)
        .as(LogicalTypeAnnotation.listType())
        .addField(
            Types.repeatedGroup()
                .addField(type(column.element(), Repetition.OPTIONAL, LIST_ELEMENT))
                .named(LIST_GROUP))
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
