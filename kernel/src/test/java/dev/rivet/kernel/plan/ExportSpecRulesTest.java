package dev.rivet.kernel.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rivet.kernel.destination.Destination;
import dev.rivet.kernel.source.SourceKind;
import org.junit.jupiter.api.Test;

/** ExportSpec is the one home of its range rules; each rejection names its config key. */
class ExportSpecRulesTest {
  private static final ExportSpec BASE =
      ExportSpec.withDefaults(
          "orders",
          new TableRef("s", "orders"),
          Format.PARQUET,
          Compression.NONE,
          Destination.parse("/tmp/out"));

  private static String rejectedKey(
      String name, long chunkRows, int fetchSize, int parallelism, long rowGroup, long pause) {
    return catchThrowableOfType(
            () ->
                new ExportSpec(
                    name,
                    BASE.relation(),
                    new FullMode(),
                    new ReadSettings(
                        chunkRows, fetchSize, parallelism, null, null, pause, null, null, null),
                    ValuePolicies.of(BASE.onInfinity()),
                    new OutputSettings(
                        BASE.format(), BASE.compression(), BASE.destination(), rowGroup, null),
                    CheckSettings.DEFAULT),
            InvalidSettingException.class)
        .key();
  }

  @Test
  void shouldRejectEachOutOfRangeSettingNamingItsKey() {
    long rowGroup = OutputSettings.DEFAULT_ROW_GROUP_BYTES;
    assertThat(rejectedKey("-x", 1, 1, 1, rowGroup, 0)).isEqualTo("name");
    assertThat(rejectedKey("e", 0, 1, 1, rowGroup, 0)).isEqualTo("chunk_rows");
    assertThat(rejectedKey("e", 1, 0, 1, rowGroup, 0)).isEqualTo("fetch_size");
    assertThat(rejectedKey("e", 1, 1, 0, rowGroup, 0)).isEqualTo("parallelism");
    assertThat(rejectedKey("e", 1, 1, (int) ReadSettings.PARALLELISM.max() + 1, rowGroup, 0))
        .isEqualTo("parallelism");
    assertThat(rejectedKey("e", 1, 1, 1, OutputSettings.MIN_ROW_GROUP_BYTES - 1, 0))
        .isEqualTo("row_group_size");
    assertThat(rejectedKey("e", 1, 1, 1, rowGroup, -1)).isEqualTo("tuning.pause_between_chunks");
    assertThat(rejectedKey("e", 1, 1, 1, rowGroup, ReadSettings.MAX_PAUSE_MILLIS + 1))
        .isEqualTo("tuning.pause_between_chunks");
  }

  @Test
  void shouldTakeEveryTuningDefaultFromTheDefaultProfile() {
    assertThat(BASE.chunkRows()).isEqualTo(TuningProfile.DEFAULT.chunkRows(SourceKind.POSTGRESQL));
    assertThat(TuningProfile.DEFAULT.chunkRows(SourceKind.MYSQL))
        .isEqualTo(SourceKind.MYSQL.defaultChunkRows());
    assertThat(BASE.fetchSize()).isEqualTo(TuningProfile.DEFAULT.fetchSize());
    assertThat(BASE.parallelism()).isEqualTo(TuningProfile.DEFAULT.parallelism());
  }

  @Test
  void shouldTakeEachValuePolicyDefaultFromItsEnum() {
    ExportSpec withoutZeroDatePolicy =
        new ExportSpec(
            "e",
            BASE.relation(),
            new FullMode(),
            ReadSettings.of(1, 1, 1),
            ValuePolicies.of(InfinityPolicy.FAIL),
            new OutputSettings(
                BASE.format(),
                BASE.compression(),
                BASE.destination(),
                OutputSettings.DEFAULT_ROW_GROUP_BYTES,
                null),
            CheckSettings.DEFAULT);

    assertThat(BASE.onInfinity()).isEqualTo(InfinityPolicy.DEFAULT).isEqualTo(InfinityPolicy.FAIL);
    assertThat(BASE.onZeroDate()).isEqualTo(ZeroDatePolicy.DEFAULT).isEqualTo(ZeroDatePolicy.NULL);
    assertThat(withoutZeroDatePolicy.onZeroDate()).isEqualTo(ZeroDatePolicy.DEFAULT);
  }
}
