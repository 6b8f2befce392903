package dev.rivet.kernel.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.testing.Gen;
import dev.rivet.kernel.testing.PropertyCheck;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaFingerprintPropertiesTest {
  private static final Gen<ColumnSchema> COLUMN =
      random ->
          new ColumnSchema(
              Gen.strings("ab\t\\\n", 1, 3).next(random),
              Gen.of("int4", "int8", "varchar", "text", "numeric").next(random),
              Gen.of(Types.INTEGER, Types.BIGINT, Types.VARCHAR, Types.NUMERIC).next(random),
              Gen.ints(0, 3).next(random) * 10,
              Gen.ints(0, 2).next(random),
              Gen.booleans().next(random),
              Gen.of("INT32", "INT64", "STRING").next(random));

  /** Schemas with distinct column names, as sources return them. */
  private static final Gen<ExportSchema> SCHEMA =
      random -> {
        Map<String, ColumnSchema> byName = new LinkedHashMap<>();
        int size = Gen.ints(1, 5).next(random);
        for (int i = 0; i < size; i++) {
          ColumnSchema column = COLUMN.next(random);
          byName.putIfAbsent(column.name(), column);
        }
        return new ExportSchema(new ArrayList<>(byName.values()));
      };

  private record Pair(ExportSchema before, ExportSchema after) {}

  @Test
  void shouldFindNoChangeExactlyWhenTheFingerprintsAreEqual() {
    PropertyCheck.forAll(
        2000,
        random -> new Pair(SCHEMA.next(random), SCHEMA.next(random)),
        pair -> {
          boolean same = pair.before().fingerprint().equals(pair.after().fingerprint());
          assertThat(SchemaClassifier.compare(pair.before(), pair.after()).isEmpty())
              .isEqualTo(same);
          assertThat(same).isEqualTo(pair.before().equals(pair.after()));
        });
  }

  @Test
  void shouldRoundTripThroughJsonWithTheSameFingerprint() {
    PropertyCheck.forAll(
        500,
        SCHEMA,
        schema -> {
          ExportSchema read = SchemaCodec.read(SchemaCodec.write(schema));
          assertThat(read).isEqualTo(schema);
          assertThat(read.fingerprint()).isEqualTo(schema.fingerprint()).hasSize(64);
        });
  }

  @Test
  void shouldReportEveryColumnOfTheOtherSchemaAsAddedRemovedOrRenamedWhenNoNameIsShared() {
    PropertyCheck.forAll(
        500,
        SCHEMA,
        schema -> {
          List<ColumnSchema> renamed = new ArrayList<>();
          for (ColumnSchema c : schema.columns()) {
            renamed.add(
                new ColumnSchema(
                    "x" + c.name(),
                    c.sourceType(),
                    c.jdbcType(),
                    c.precision(),
                    c.scale(),
                    c.nullable(),
                    c.outputType()));
          }
          List<SchemaChange> changes = SchemaClassifier.compare(schema, new ExportSchema(renamed));
          assertThat(changes)
              .hasSize(schema.columns().size())
              .allMatch(c -> c.kind() == ChangeKind.POSSIBLY_RENAMED);
        });
  }
}
