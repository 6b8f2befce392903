package dev.rivet.kernel.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SourceConnectionTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "jdbc:postgresql://db:5432/app?user=bob&password=s3cret"
            + "|jdbc:postgresql://db:5432/app?user=bob&password=***",
        "jdbc:postgresql://db/app?password=s3cret&ssl=true"
            + "|jdbc:postgresql://db/app?password=***&ssl=true",
        "jdbc:postgresql://db/app?PASSWORD=s3cret|jdbc:postgresql://db/app?PASSWORD=***",
        "jdbc:postgresql://db/app?sslpassword=s3cret|jdbc:postgresql://db/app?sslpassword=***",
        "jdbc:mysql://bob:s3cret@db:3306/app|jdbc:mysql://bob:***@db:3306/app",
        "jdbc:sqlserver://db;user=bob;password=s3cret;encrypt=true"
            + "|jdbc:sqlserver://db;user=bob;password=***;encrypt=true",
        "jdbc:postgresql://db:5432/app|jdbc:postgresql://db:5432/app"
      })
  void shouldMaskPasswordsInTheUrl(String url, String redacted) {
    SourceConnection source = new SourceConnection(url, "bob", "other-secret");

    assertThat(source.redactedUrl()).isEqualTo(redacted).doesNotContain("s3cret");
    assertThat(source.toString())
        .contains(redacted)
        .contains("bob")
        .doesNotContain("s3cret")
        .doesNotContain("other-secret");
  }

  @Test
  void shouldRejectANonJdbcUrlWithoutShowingItsPassword() {
    assertThatThrownBy(() -> new SourceConnection("postgresql://bob:s3cret@db/app", "bob", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a JDBC URL")
        .hasMessageNotContaining("s3cret");
  }
}
