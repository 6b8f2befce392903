package dev.rivet.kernel.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Types;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetaColumnsTest {
  private static final List<SourceColumn> COLUMNS =
      List.of(
          new SourceColumn("id", Types.BIGINT, "int8", 19, 0, false),
          new SourceColumn("_RIVET_RUN_ID", Types.VARCHAR, "text", 0, 0, true),
          new SourceColumn("_rivet_note", Types.VARCHAR, "text", 0, 0, true));

  @Test
  void shouldNameTheWrittenColumnsInFileOrder() {
    assertThat(new MetaColumns(true, true, true, List.of()).names())
        .containsExactly("_rivet_exported_at", "_rivet_run_id", "_rivet_row_hash");
    assertThat(new MetaColumns(false, false, true, List.of("id")).names())
        .containsExactly("_rivet_row_hash");
    assertThat(MetaColumns.NONE.names()).isEmpty();
    assertThat(MetaColumns.NONE.none()).isTrue();
    assertThat(new MetaColumns(false, true, false, null).none()).isFalse();
  }

  @Test
  void shouldFindSourceColumnsThatCollideIgnoringCaseOnlyWithWrittenColumns() {
    assertThat(new MetaColumns(false, true, false, List.of()).collisions(COLUMNS))
        .containsExactly("_RIVET_RUN_ID");
    assertThat(new MetaColumns(true, false, true, List.of()).collisions(COLUMNS)).isEmpty();
  }

  @Test
  void shouldListRowHashColumnsTheSourceDoesNotHave() {
    assertThat(
            new MetaColumns(false, false, true, List.of("id", "ID", "total"))
                .missingHashColumns(COLUMNS))
        .containsExactly("ID", "total");
  }

  @Test
  void shouldRefuseAColumnListedTwiceOrAListWithoutTheHash() {
    assertThatThrownBy(() -> new MetaColumns(false, false, true, List.of("id", "id")))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessage("lists column 'id' twice");
    assertThatThrownBy(() -> new MetaColumns(false, false, false, List.of("id")))
        .hasMessageContaining("row hash is off");
  }

  @Test
  void shouldReadANullMetaColumnsAsNoneAndKeepThemThroughWithMode() {
    ExportSpec spec = TestPlans.keyRange("r", 1).export();
    assertThat(spec.metaColumns()).isEqualTo(MetaColumns.NONE);
    MetaColumns meta = new MetaColumns(true, false, true, List.of("id"));
    ExportSpec withMeta = spec.withMetaColumns(meta);
    assertThat(withMeta.metaColumns()).isEqualTo(meta);
    assertThat(withMeta.withMode(new FullMode()).withPause(5).metaColumns()).isEqualTo(meta);
    assertThat(withMeta.withMetaColumns(null).metaColumns()).isEqualTo(MetaColumns.NONE);
  }
}
