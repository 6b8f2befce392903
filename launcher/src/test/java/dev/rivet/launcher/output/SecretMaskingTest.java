package dev.rivet.launcher.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SecretMaskingTest {
  @AfterEach
  void forget() {
    SecretMasking.forgetAll();
  }

  @Test
  void shouldMaskASecretAsAJsonLogLineEscapesIt() {
    SecretMasking.remember(List.of("pa\"ss\\word"));

    assertThat(SecretMasking.mask("{\"formattedMessage\":\"login pa\\\"ss\\\\word failed\"}"))
        .isEqualTo("{\"formattedMessage\":\"login *** failed\"}");
    assertThat(SecretMasking.mask("login pa\"ss\\word failed")).isEqualTo("login *** failed");
  }
}
