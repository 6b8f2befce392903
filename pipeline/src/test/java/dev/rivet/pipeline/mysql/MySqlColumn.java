package dev.rivet.pipeline.mysql;

import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * One column of the MySQL type-matrix table: its SQL type, the server-side expression that yields
 * the oracle text of its value, how to compare values, and the Parquet type it must get.
 *
 * @param oracle a server expression giving the value's exact text, {@code %s} for the column name
 */
record MySqlColumn(
    String name,
    String sqlType,
    String oracle,
    MySqlCanon canon,
    PrimitiveTypeName primitive,
    LogicalTypeAnnotation annotation,
    int fixedLength) {

  static MySqlColumn of(
      String name,
      String sqlType,
      String oracle,
      MySqlCanon canon,
      PrimitiveTypeName primitive,
      LogicalTypeAnnotation annotation) {
    return new MySqlColumn(name, sqlType, oracle, canon, primitive, annotation, 0);
  }

  static MySqlColumn fixed(
      String name, String sqlType, MySqlCanon canon, int length, LogicalTypeAnnotation annotation) {
    return new MySqlColumn(
        name,
        sqlType,
        "CAST(%s AS CHAR)",
        canon,
        PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY,
        annotation,
        length);
  }

  /** A spatial column: the pipeline reads it as standard WKB, which the oracle also reads. */
  static MySqlColumn spatial(String name, String sqlType) {
    return new MySqlColumn(
        name, sqlType, "HEX(ST_AsBinary(%s))", MySqlCanon.BYTES, PrimitiveTypeName.BINARY, null, 0);
  }

  String oracleExpression() {
    return String.format(oracle, name) + " AS " + name;
  }
}
