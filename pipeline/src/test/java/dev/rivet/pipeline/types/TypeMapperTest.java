package dev.rivet.pipeline.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.source.SourceKind;
import java.sql.Types;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TypeMapperTest {

  @ParameterizedTest
  @EnumSource(SourceKind.class)
  void shouldRejectTwoColumnsWithOneName(SourceKind source) {
    List<SourceColumn> columns =
        List.of(
            new SourceColumn("id", Types.INTEGER, "int4", 10, 0, false),
            new SourceColumn("id", Types.VARCHAR, "text", 0, 0, true));

    assertThatThrownBy(() -> TypeMapper.map(columns, source))
        .isInstanceOf(RivetException.class)
        .hasMessageContaining("two columns named 'id' (text)")
        .satisfies(e -> assertThat(((RivetException) e).kind()).isEqualTo(FailureKind.USER_CONFIG));
  }

  @ParameterizedTest
  @EnumSource(SourceKind.class)
  void shouldFindTheRegisteredTypesOfEverySourceKind(SourceKind source) {
    assertThat(SourceTypes.of(source).kind()).isEqualTo(source);
  }

  @Test
  void shouldTagEveryMappedColumnWithItsSource() {
    SourceColumn column = new SourceColumn("d", Types.DATE, "date", 0, 0, true);

    for (SourceKind source : SourceKind.values()) {
      assertThat(TypeMapper.map(List.of(column), source).get(0).dialect()).isEqualTo(source);
    }
  }
}
