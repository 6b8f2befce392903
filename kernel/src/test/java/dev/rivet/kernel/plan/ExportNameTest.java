package dev.rivet.kernel.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExportNameTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "../../escape",
        "orders/2024",
        "-orders",
        ".hidden",
        "..",
        "/",
        "-",
        "über",
        "a b c",
        ".-x",
      })
  void shouldSuggestANameThatPassesTheSameRule(String bad) {
    InvalidSettingException e =
        catchThrowableOfType(() -> ExportName.check(bad), InvalidSettingException.class);
    String suggestion = ExportName.suggest(bad);

    assertThat(e).as(bad).isNotNull();
    assertThat(e.key()).isEqualTo("name");
    assertThat(e.hint()).endsWith("use e.g. " + suggestion);
    assertThatCode(() -> ExportName.check(suggestion)).as(suggestion).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(ints = {201, 300, 5000})
  void shouldRejectANameTooLongForAFolderNamingTheMaximum(int length) {
    String name = "a".repeat(length);

    InvalidSettingException e =
        catchThrowableOfType(() -> ExportName.check(name), InvalidSettingException.class);

    assertThat(e.getMessage())
        .startsWith("'" + "a".repeat(40) + "...' is " + length + " characters long")
        .contains("above the maximum of 200");
    assertThat(e.hint()).isEqualTo("shorten the name to at most 200 characters");
    assertThatCode(() -> ExportName.check(ExportName.suggest(name + "/")))
        .doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(strings = {"orders", "_x", "a.b-c_d", "9"})
  void shouldAcceptValidNamesUpToTheMaximum(String name) {
    assertThat(ExportName.check(name)).isEqualTo(name);
    assertThat(ExportName.check("a".repeat(200))).hasSize(200);
  }
}
