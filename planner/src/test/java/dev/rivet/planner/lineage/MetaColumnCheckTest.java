package dev.rivet.planner.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.kernel.plan.MetaColumns;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.plan.TestPlans;
import java.sql.Types;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MetaColumnCheckTest {
  private static final ExportSpec ORDERS = TestPlans.keyRange("r", 1).export();
  private static final List<SourceColumn> COLUMNS =
      List.of(
          new SourceColumn("id", Types.BIGINT, "int8", 19, 0, false),
          new SourceColumn("_Rivet_Row_Hash", Types.BIGINT, "int8", 19, 0, true));

  @Test
  void shouldAcceptColumnsThatCollideOnlyWithLineageColumnsNotWritten() {
    ExportSpec export = ORDERS.withMetaColumns(new MetaColumns(true, true, false, List.of()));

    assertThatCode(() -> MetaColumnCheck.check(export, COLUMNS)).doesNotThrowAnyException();
    assertThatCode(() -> MetaColumnCheck.check(ORDERS, COLUMNS)).doesNotThrowAnyException();
  }

  @Test
  void shouldRefuseASourceColumnNamedLikeAWrittenLineageColumnIgnoringCase() {
    ExportSpec export = ORDERS.withMetaColumns(new MetaColumns(false, false, true, List.of()));

    RivetException e =
        catchThrowableOfType(RivetException.class, () -> MetaColumnCheck.check(export, COLUMNS));

    assertThat(e.kind()).isEqualTo(FailureKind.USER_CONFIG);
    assertThat(e.getMessage())
        .isEqualTo(
            "export 'orders': source column '_Rivet_Row_Hash' has the name of a lineage column"
                + " that meta_columns adds (_rivet_row_hash; names are compared ignoring case)");
    assertThat(e.hint()).contains("AS Rivet_Row_Hash").contains("turn that lineage column off");
  }

  @Test
  void shouldRefuseAHashColumnTheSourceDoesNotHaveNamingExportAndColumn() {
    ExportSpec export =
        ORDERS.withMetaColumns(new MetaColumns(false, false, true, List.of("id", "ID")));

    List<SourceColumn> columns =
        List.of(
            new SourceColumn("id", Types.BIGINT, "int8", 19, 0, false),
            new SourceColumn("note", Types.VARCHAR, "text", 0, 0, true));

    RivetException e =
        catchThrowableOfType(RivetException.class, () -> MetaColumnCheck.check(export, columns));

    assertThat(e.kind()).isEqualTo(FailureKind.USER_CONFIG);
    assertThat(e.getMessage())
        .isEqualTo(
            "export 'orders': meta_columns.row_hash lists column 'ID', which table public.orders"
                + " does not have (its columns: id, note)");
    assertThat(e.hint()).contains("names match exactly, case included");
  }

  @Test
  void shouldShowAtMostTwentyColumnsOfAWideSource() {
    List<SourceColumn> wide =
        IntStream.range(0, 25)
            .mapToObj(i -> new SourceColumn("c" + i, Types.INTEGER, "int4", 10, 0, true))
            .toList();
    ExportSpec export = ORDERS.withMetaColumns(new MetaColumns(false, false, true, List.of("c99")));

    RivetException e =
        catchThrowableOfType(RivetException.class, () -> MetaColumnCheck.check(export, wide));

    assertThat(e.getMessage()).contains("c18, c19, ...)").doesNotContain("c20");
  }
}
