package dev.rivet.launcher.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivet.kernel.source.SourceKind;
import org.junit.jupiter.api.Test;

class SourceUrlTest {
  @Test
  void shouldConvertLibpqUrlKeepingParameters() {
    assertThat(SourceUrl.parse("postgresql://app@db.internal:5432/shop?sslmode=require"))
        .isEqualTo(
            new SourceUrl("jdbc:postgresql://db.internal:5432/shop?sslmode=require", "app", null));
  }

  @Test
  void shouldKeepHostListsAndIpv6Literals() {
    assertThat(SourceUrl.parse("postgres://a:1,b:2/shop").jdbcUrl())
        .isEqualTo("jdbc:postgresql://a:1,b:2/shop");
    assertThat(SourceUrl.parse("postgresql://[::1]:5432/shop").jdbcUrl())
        .isEqualTo("jdbc:postgresql://[::1]:5432/shop");
  }

  @Test
  void shouldDecodePercentEscapesButKeepPlus() {
    SourceUrl url = SourceUrl.parse("postgresql://a%20b:x%3Ay+z@db/shop");

    assertThat(url.user()).isEqualTo("a b");
    assertThat(url.password()).isEqualTo("x:y+z");
  }

  @Test
  void shouldUseJdbcUrlAsWritten() {
    assertThat(SourceUrl.parse("jdbc:postgresql://db/shop?user=x"))
        .isEqualTo(new SourceUrl("jdbc:postgresql://db/shop?user=x", null, null));
  }

  @Test
  void shouldRejectUnencodedAtSignWithoutShowingThePassword() {
    assertThatThrownBy(() -> SourceUrl.parse("postgresql://app:p@ss@db/shop"))
        .hasMessageContaining("unencoded '@'")
        .hasMessageNotContaining("p@ss");
  }

  @Test
  void shouldRejectUrlWithoutHost() {
    assertThatThrownBy(() -> SourceUrl.parse("postgresql:///shop"))
        .hasMessageContaining("names no host");
  }

  @Test
  void shouldRejectSomethingThatIsNotAUrl() {
    assertThatThrownBy(() -> SourceUrl.parse("db.internal/shop"))
        .hasMessageContaining("is not a source URL (expected postgresql://")
        .hasMessageContaining("mysql://user@host:3306/database");
  }

  @Test
  void shouldConvertMySqlAndMariaDbUrlsToMariaDbJdbcUrls() {
    assertThat(SourceUrl.parse("mysql://app:s%40cret@db.internal:3306/shop?sslMode=verify-full"))
        .isEqualTo(
            new SourceUrl(
                "jdbc:mariadb://db.internal:3306/shop?sslMode=verify-full", "app", "s@cret"));
    assertThat(SourceUrl.parse("MariaDB://app@db/shop"))
        .isEqualTo(new SourceUrl("jdbc:mariadb://db/shop", "app", null));
    assertThat(SourceUrl.parse("mysql://db").jdbcUrl()).isEqualTo("jdbc:mariadb://db/");
  }

  @Test
  void shouldUseMariaDbAndMySqlJdbcUrlsAsWrittenWithALowerCaseScheme() {
    assertThat(SourceUrl.parse("jdbc:mariadb://db:3306/Shop?user=x").jdbcUrl())
        .isEqualTo("jdbc:mariadb://db:3306/Shop?user=x");
    assertThat(SourceUrl.parse("JDBC:MySQL://db/Shop").jdbcUrl()).isEqualTo("jdbc:mysql://db/Shop");
  }

  @Test
  void shouldTellTheDatabaseFamilyOfEachUrl() {
    assertThat(SourceUrl.parse("postgres://db/shop").family()).isEqualTo(SourceKind.POSTGRESQL);
    assertThat(SourceUrl.parse("mariadb://db/shop").family()).isEqualTo(SourceKind.MYSQL);
    assertThat(SourceUrl.parse("jdbc:mysql://db/shop").family()).isEqualTo(SourceKind.MYSQL);
    assertThat(SourceUrl.familyOf("mariadb")).isEqualTo(SourceKind.MYSQL);
    assertThat(SourceUrl.familyOf("postgresql")).isEqualTo(SourceKind.POSTGRESQL);
  }

  @Test
  void shouldRejectAMySqlUrlWithoutHost() {
    assertThatThrownBy(() -> SourceUrl.parse("mysql:///shop"))
        .hasMessageContaining("names no host (expected mysql://user@host:3306/database)");
  }

  @Test
  void shouldSuggestTheClosestSchemeForAnUnknownOneWithoutShowingThePassword() {
    assertThatThrownBy(() -> SourceUrl.parse("mysq://root:hunter2@db/shop"))
        .hasMessageContaining(
            "'mysq://root:***@db/shop' uses database 'mysq', which is not supported; did you mean"
                + " 'mysql'? (supported: postgresql://, postgres://, mysql://, mariadb://,"
                + " jdbc:postgresql:, jdbc:mariadb:, jdbc:mysql:)")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void shouldRedactPasswordsInUserInfoAndParameters() {
    assertThat(SourceUrl.redact("postgresql://app:se/cr@t@db/x?password=p&ssl=true"))
        .isEqualTo("postgresql://app:***@db/x?password=***&ssl=true");
  }
}
