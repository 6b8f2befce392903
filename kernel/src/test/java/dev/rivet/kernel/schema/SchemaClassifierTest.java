package dev.rivet.kernel.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Types;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SchemaClassifierTest {
  static ColumnSchema col(String name, String type, int jdbc, int p, int s, String out) {
    return new ColumnSchema(name, type, jdbc, p, s, true, out);
  }

  static final ColumnSchema ID = col("id", "int4", Types.INTEGER, 10, 0, "INT32");
  static final ColumnSchema NAME = col("name", "varchar", Types.VARCHAR, 50, 0, "STRING");
  static final ColumnSchema PRICE = col("price", "numeric", Types.NUMERIC, 10, 2, "DECIMAL(10,2)");

  static ExportSchema schema(ColumnSchema... columns) {
    return new ExportSchema(List.of(columns));
  }

  static Stream<Arguments> retypes() {
    return Stream.of(
        Arguments.of(
            ID, col("id", "int8", Types.BIGINT, 19, 0, "INT64"), ChangeKind.RETYPED_WIDENING),
        Arguments.of(
            col("id", "int8", Types.BIGINT, 19, 0, "INT64"), ID, ChangeKind.RETYPED_NARROWING),
        Arguments.of(
            col("t", "SMALLINT", Types.SMALLINT, 5, 0, "INT32"),
            col("t", "INT", Types.INTEGER, 10, 0, "INT32"),
            ChangeKind.RETYPED_WIDENING),
        Arguments.of(
            NAME,
            col("name", "varchar", Types.VARCHAR, 200, 0, "STRING"),
            ChangeKind.RETYPED_WIDENING),
        Arguments.of(
            NAME,
            col("name", "varchar", Types.VARCHAR, 20, 0, "STRING"),
            ChangeKind.RETYPED_NARROWING),
        Arguments.of(
            NAME,
            col("name", "text", Types.VARCHAR, Integer.MAX_VALUE, 0, "STRING"),
            ChangeKind.RETYPED_WIDENING),
        Arguments.of(
            col("name", "text", Types.VARCHAR, Integer.MAX_VALUE, 0, "STRING"),
            NAME,
            ChangeKind.RETYPED_NARROWING),
        Arguments.of(
            PRICE,
            col("price", "numeric", Types.NUMERIC, 12, 2, "DECIMAL(12,2)"),
            ChangeKind.RETYPED_WIDENING),
        Arguments.of(
            PRICE,
            col("price", "numeric", Types.NUMERIC, 10, 4, "DECIMAL(10,4)"),
            ChangeKind.RETYPED_NARROWING),
        Arguments.of(
            col("f", "float4", Types.REAL, 8, 8, "FLOAT"),
            col("f", "float8", Types.DOUBLE, 17, 17, "DOUBLE"),
            ChangeKind.RETYPED_WIDENING),
        Arguments.of(
            ID,
            col("id", "text", Types.VARCHAR, Integer.MAX_VALUE, 0, "STRING"),
            ChangeKind.RETYPED_NARROWING),
        Arguments.of(
            col("ts", "timestamp", Types.TIMESTAMP, 26, 3, "TIMESTAMP_MICROS"),
            col("ts", "timestamp", Types.TIMESTAMP, 29, 6, "TIMESTAMP_MICROS"),
            ChangeKind.RETYPED_WIDENING),
        Arguments.of(
            ID, col("id", "int4", Types.INTEGER, 10, 0, "INT64"), ChangeKind.RETYPED_NARROWING));
  }

  @ParameterizedTest
  @MethodSource("retypes")
  void shouldClassifyEachRetypeAsWideningOrNarrowing(
      ColumnSchema before, ColumnSchema after, ChangeKind expected) {
    List<SchemaChange> changes = SchemaClassifier.compare(schema(before), schema(after));

    assertThat(changes)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.kind()).isEqualTo(expected);
              assertThat(c.before()).isEqualTo(before);
              assertThat(c.after()).isEqualTo(after);
            });
  }

  @Test
  void shouldReportNothingForAnEqualSchema() {
    assertThat(SchemaClassifier.compare(schema(ID, NAME), schema(ID, NAME))).isEmpty();
  }

  @Test
  void shouldReportAnAddedColumnWithItsPosition() {
    assertThat(SchemaClassifier.compare(schema(ID, NAME), schema(ID, NAME, PRICE)))
        .containsExactly(new SchemaChange(ChangeKind.ADDED, "price", null, PRICE, 0, 3));
  }

  @Test
  void shouldReportARemovedColumnWithItsPosition() {
    assertThat(SchemaClassifier.compare(schema(ID, NAME, PRICE), schema(ID, PRICE)))
        .containsExactly(new SchemaChange(ChangeKind.REMOVED, "name", NAME, null, 2, 0));
  }

  @Test
  void shouldCallARemovedAndAddedColumnOfTheSameTypeAtTheSamePlacePossiblyRenamed() {
    ColumnSchema title = col("title", "varchar", Types.VARCHAR, 50, 0, "STRING");

    assertThat(SchemaClassifier.compare(schema(ID, NAME, PRICE), schema(ID, title, PRICE)))
        .containsExactly(new SchemaChange(ChangeKind.POSSIBLY_RENAMED, "title", NAME, title, 2, 2));
  }

  @Test
  void shouldNotCallAColumnOfAnotherTypeRenamed() {
    ColumnSchema title = col("title", "text", Types.VARCHAR, Integer.MAX_VALUE, 0, "STRING");

    assertThat(SchemaClassifier.compare(schema(ID, NAME), schema(ID, title)))
        .extracting(SchemaChange::kind)
        .containsExactly(ChangeKind.REMOVED, ChangeKind.ADDED);
  }

  @Test
  void shouldReportNullabilityChanges() {
    ColumnSchema required =
        new ColumnSchema("name", "varchar", Types.VARCHAR, 50, 0, false, "STRING");

    assertThat(SchemaClassifier.compare(schema(ID, NAME), schema(ID, required)))
        .containsExactly(
            new SchemaChange(ChangeKind.NULLABILITY_CHANGED, "name", NAME, required, 2, 2));
  }

  @Test
  void shouldReportReorderedColumnsOnly() {
    assertThat(SchemaClassifier.compare(schema(ID, NAME, PRICE), schema(ID, PRICE, NAME)))
        .extracting(SchemaChange::kind, SchemaChange::column)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(ChangeKind.REORDERED, "price"),
            org.assertj.core.groups.Tuple.tuple(ChangeKind.REORDERED, "name"));
  }

  @Test
  void shouldNotCallColumnsShiftedByAnAddedColumnReordered() {
    assertThat(SchemaClassifier.compare(schema(NAME, PRICE), schema(ID, NAME, PRICE)))
        .extracting(SchemaChange::kind)
        .containsExactly(ChangeKind.ADDED);
  }
}
