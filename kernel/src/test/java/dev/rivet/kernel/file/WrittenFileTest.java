package dev.rivet.kernel.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivet.kernel.shape.ColumnProfile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WrittenFileTest {
  private static final String SHA = "AB".repeat(32);

  @Test
  void shouldKeepAnImmutableCopyOfItsWarnings() {
    Map<String, Long> warnings = new HashMap<>(Map.of("infinity_clamped", 3L));
    WrittenFile file = new WrittenFile("run", 0, 0, "/out/a", 5, 10, SHA, warnings);
    warnings.put("zero_date_nulled", 1L);

    assertThat(file.warnings()).containsExactly(Map.entry("infinity_clamped", 3L));
    assertThat(file.sha256()).isEqualTo("ab".repeat(32));
    assertThatThrownBy(() -> file.warnings().put("x", 1L))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void shouldCarryAColumnProfileAndRejectMoreNullsThanRows() {
    WrittenFile file = new WrittenFile("run", 0, 0, "/out/a", 5, 10, SHA, Map.of());
    List<ColumnProfile> profile = List.of(new ColumnProfile("note", 5, 12, 10));

    assertThat(file.profile()).isEmpty();
    assertThat(file.withProfile(profile).profile()).isEqualTo(profile);
    assertThatThrownBy(() -> file.withProfile(List.of(new ColumnProfile("note", 6, 12, 10))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("file /out/a: column note has 6 NULLs in 5 rows");
  }

  @Test
  void shouldRejectAWarningWithoutAPositiveCount() {
    assertThatThrownBy(
            () ->
                new WrittenFile("run", 0, 0, "/out/a", 5, 10, null, Map.of("infinity_clamped", 0L)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/out/a")
        .hasMessageContaining("infinity_clamped");
  }

  @Test
  void shouldRejectNegativeIndexesAndMalformedDigests() {
    assertThatThrownBy(() -> new WrittenFile("run", -1, 0, "/out/a", 5, 10, null, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("index");
    assertThatThrownBy(() -> new WrittenFile("run", 0, 0, "/out/a", 5, 10, "xyz", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sha256");
  }
}
