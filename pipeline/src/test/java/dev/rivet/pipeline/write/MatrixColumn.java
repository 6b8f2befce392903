package dev.rivet.pipeline.write;

import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * One column of the type-matrix table: its SQL type, how to compare its values, and the Parquet
 * type it must get (for arrays: the element's type inside the LIST).
 */
record MatrixColumn(
    String name,
    String sqlType,
    Canon canon,
    boolean array,
    PrimitiveTypeName primitive,
    LogicalTypeAnnotation annotation,
    int fixedLength) {

  static MatrixColumn scalar(
      String name,
      String sqlType,
      Canon canon,
      PrimitiveTypeName primitive,
      LogicalTypeAnnotation annotation) {
    return new MatrixColumn(name, sqlType, canon, false, primitive, annotation, 0);
  }

  static MatrixColumn fixed(
      String name, String sqlType, Canon canon, int length, LogicalTypeAnnotation annotation) {
    return new MatrixColumn(
        name, sqlType, canon, false, PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY, annotation, length);
  }

  static MatrixColumn list(
      String name,
      String sqlType,
      Canon element,
      PrimitiveTypeName primitive,
      LogicalTypeAnnotation annotation,
      int fixedLength) {
    return new MatrixColumn(name, sqlType, element, true, primitive, annotation, fixedLength);
  }
}
