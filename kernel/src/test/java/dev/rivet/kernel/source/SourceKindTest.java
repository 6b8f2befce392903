package dev.rivet.kernel.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SourceKindTest {

  @Test
  void shouldRecogniseEachFamilyByItsJdbcScheme() {
    assertThat(SourceKind.forJdbcUrl("jdbc:postgresql://h:5432/db"))
        .isEqualTo(SourceKind.POSTGRESQL);
    assertThat(SourceKind.forJdbcUrl("jdbc:postgresql:db")).isEqualTo(SourceKind.POSTGRESQL);
    assertThat(SourceKind.forJdbcUrl("jdbc:mariadb://h:3306/db")).isEqualTo(SourceKind.MYSQL);
    assertThat(SourceKind.forJdbcUrl("jdbc:mysql://h:3306/db")).isEqualTo(SourceKind.MYSQL);
    assertThat(SourceKind.ofJdbcUrl("jdbc:sqlite:x.db")).isEmpty();
  }

  @Test
  void shouldRefuseAnUnknownSchemeWithoutShowingCredentials() {
    assertThatThrownBy(() -> SourceKind.forJdbcUrl("jdbc:oracle://u:Secret@h/db?password=Secret"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("supported: postgresql")
        .hasMessageNotContaining("Secret");
  }

  @Test
  void shouldRoundTripItsWireNameAndListValidNamesOnError() {
    for (SourceKind kind : SourceKind.values()) {
      assertThat(SourceKind.parse(kind.wireName())).isEqualTo(kind);
    }
    assertThatThrownBy(() -> SourceKind.parse("oracle"))
        .hasMessageContaining("'oracle'")
        .hasMessageContaining("postgresql, mysql");
  }

  @Test
  void shouldGiveMySqlSmallerDefaultChunksThanPostgres() {
    assertThat(SourceKind.POSTGRESQL.defaultChunkRows()).isEqualTo(500_000);
    assertThat(SourceKind.MYSQL.defaultChunkRows()).isEqualTo(50_000);
  }
}
