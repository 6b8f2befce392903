package dev.rivet.kernel.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MemorySettingsTest {
  private static final long MIB = 1L << 20;

  @Test
  void shouldDeriveTheBudgetAsAnEighthOfTheHeapSharedByTheReaders() {
    MemoryBudget budget = MemorySettings.DERIVED.resolve(256 * MIB, 2);

    assertThat(budget.budgetBytes()).isEqualTo(16 * MIB);
    assertThat(budget.maxValueBytes()).isEqualTo(16 * MIB);
    assertThat(MemorySettings.DERIVED.resolve(1024 * MIB, 1).budgetBytes()).isEqualTo(128 * MIB);
  }

  @Test
  void shouldClampTheDerivedBudgetAndTakeTheCeilingWithoutAHeapLimit() {
    assertThat(MemorySettings.DERIVED.resolve(64 * MIB, 8).budgetBytes()).isEqualTo(8 * MIB);
    assertThat(MemorySettings.DERIVED.resolve(64L << 30, 1).budgetBytes()).isEqualTo(256 * MIB);
    assertThat(MemorySettings.DERIVED.resolve(Long.MAX_VALUE, 2).budgetBytes())
        .isEqualTo(256 * MIB);
  }

  @Test
  void shouldUseWhatIsConfiguredOverWhatIsDerived() {
    MemoryBudget budget = new MemorySettings(4, 100 * MIB).resolve(256 * MIB, 2);

    assertThat(budget).isEqualTo(new MemoryBudget(4 * MIB, 100 * MIB));
  }

  @Test
  void shouldFetchFewerRowsThanFetchSizeOnlyWhenTheyExceedHalfTheBudget() {
    MemoryBudget budget = new MemoryBudget(32 * MIB, 32 * MIB);

    assertThat(budget.fetchSize(10_000, 100)).isEqualTo(10_000);
    assertThat(budget.fetchSize(10_000, MIB)).isEqualTo(16);
    assertThat(budget.fetchSize(10_000, 64 * MIB)).isEqualTo(1);
    assertThat(budget.fetchSize(10_000, -1)).isEqualTo(10_000);
    assertThat(budget.rowGroupBytes(64 * MIB)).isEqualTo(16 * MIB);
    assertThat(budget.rowGroupBytes(8 * MIB)).isEqualTo(8 * MIB);
  }

  @Test
  void shouldRejectValuesOutsideTheirRangesNamingTheKey() {
    assertThatThrownBy(() -> new MemorySettings(70_000, 0))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("70000 is out of range (expected a whole number from 1 to 65536)");
    assertThatThrownBy(() -> new MemorySettings(0, 1024))
        .isInstanceOf(InvalidSettingException.class)
        .satisfies(
            e -> assertThat(((InvalidSettingException) e).key()).isEqualTo("max_value_size"));
  }
}
