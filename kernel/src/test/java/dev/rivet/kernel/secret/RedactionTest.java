package dev.rivet.kernel.secret;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactionTest {
  @Test
  void shouldMaskPasswordParametersWhereverTheyAppear() {
    String driver =
        "Unable to parse URL jdbc:postgresql://127.0.0.1:54x2/test?user=u&password=S3cret&ssl=true";

    assertThat(Redaction.maskUrlCredentials(driver))
        .isEqualTo(
            "Unable to parse URL jdbc:postgresql://127.0.0.1:54x2/test?user=u&password=***&ssl=true");
    assertThat(Redaction.maskUrlCredentials("x;sslpassword=abc;trustStorePassword=def)"))
        .isEqualTo("x;sslpassword=***;trustStorePassword=***)");
    assertThat(Redaction.maskUrlCredentials("'jdbc:mariadb://h/db?PASSWORD=p4ss'"))
        .isEqualTo("'jdbc:mariadb://h/db?PASSWORD=***'");
  }

  @Test
  void shouldKeepTheTextAroundAMaskedValueAndMaskTwiceTheSameWay() {
    String once = Redaction.maskUrlCredentials("store jdbc:x://h/db?password=a:b:c: created");

    assertThat(once).isEqualTo("store jdbc:x://h/db?password=***: created");
    assertThat(Redaction.maskUrlCredentials(once)).isEqualTo(once);
    assertThat(Redaction.maskUrlCredentials("password=p4ss")).isEqualTo("password=***");
    // An environment variable's name is not a secret: usage text keeps its brackets.
    assertThat(Redaction.maskUrlCredentials("[--password-env=VAR] password_env=PGPASS"))
        .isEqualTo("[--password-env=VAR] password_env=PGPASS");
    assertThat(Redaction.maskUrlCredentials("password_environment=x password-env2=y"))
        .isEqualTo("password_environment=*** password-env2=***");
  }

  @Test
  void shouldMaskUserInfoOfAnyUrlInTheText() {
    assertThat(
            Redaction.maskUrlCredentials(
                "cannot reach postgresql://alice:pa:ss@db.example:5432/x, giving up"))
        .isEqualTo("cannot reach postgresql://alice:***@db.example:5432/x, giving up");
    assertThat(Redaction.maskUrlCredentials("s3://bucket/a:b@c is a key")).contains("s3://bucket/");
    assertThat(Redaction.maskUrlCredentials("postgresql://app:se/cr@t@db/x?ssl=true"))
        .isEqualTo("postgresql://app:***@db/x?ssl=true");
    assertThat(Redaction.maskUrlCredentials("postgresql://alice@db/x"))
        .isEqualTo("postgresql://alice@db/x");
  }

  @Test
  void shouldMaskKnownSecretsLongestFirstAndIgnoreTooShortOnes() {
    Redaction redaction = Redaction.of(Arrays.asList("hunter2", "hunter2-extended", "ab", null));

    assertThat(redaction.apply("auth failed for hunter2-extended and hunter2 (ab)"))
        .isEqualTo("auth failed for *** and *** (ab)");
    assertThat(redaction.knowsSecrets()).isTrue();
    assertThat(Redaction.of(List.of("ab")).knowsSecrets()).isFalse();
    assertThat(redaction.apply(null)).isNull();
  }

  @Test
  void shouldLeaveTextWithoutCredentialsAlone() {
    String text = "export 'orders' run r-1: 3 chunks, passwords are never logged";

    assertThat(Redaction.of(List.of("secret-value")).apply(text)).isEqualTo(text);
  }
}
