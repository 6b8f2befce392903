package dev.rivet.launcher.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DidYouMeanTest {
  private static final List<String> KEYS = List.of("format", "compression", "password_env");

  @Test
  void shouldSuggestWithinTwoEdits() {
    assertThat(DidYouMean.among("formt", KEYS)).contains("format");
    assertThat(DidYouMean.among("FORMAT", KEYS)).contains("format");
  }

  @Test
  void shouldSuggestByPrefix() {
    assertThat(DidYouMean.among("password", KEYS)).contains("password_env");
    assertThat(DidYouMean.among("comp", KEYS)).contains("compression");
  }

  @Test
  void shouldSuggestNothingWhenNothingIsClose() {
    assertThat(DidYouMean.among("destination", KEYS)).isEmpty();
    assertThat(DidYouMean.suffix("destination", KEYS)).isEmpty();
  }
}
