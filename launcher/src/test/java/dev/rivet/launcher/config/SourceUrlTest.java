package dev.rivet.launcher.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        .hasMessageContaining("is not a source URL (expected postgresql://");
  }

  @Test
  void shouldRedactPasswordsInUserInfoAndParameters() {
    assertThat(SourceUrl.redact("postgresql://app:se/cr@t@db/x?password=p&ssl=true"))
        .isEqualTo("postgresql://app:***@db/x?password=***&ssl=true");
  }
}
