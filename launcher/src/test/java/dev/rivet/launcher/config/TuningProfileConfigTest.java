package dev.rivet.launcher.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.kernel.plan.GovernorSettings;
import dev.rivet.kernel.plan.LatencyThreshold;
import dev.rivet.kernel.plan.TuningProfile;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tuning: {profile, pause_between_chunks}}: profiles fill in what is not set explicitly. */
class TuningProfileConfigTest {
  @TempDir Path dir;

  private static final String POSTGRES = "source:\n  url: postgresql://app@db/shop\n";
  private static final String MARIADB = "source:\n  url: mariadb://app@db/shop\n";

  private ExportSpec load(String source, String keys) {
    return ConfigLoader.load(
            ConfigFiles.write(
                dir,
                "rivet.yaml",
                source
                    + "exports:\n  - name: e\n    table: orders\n"
                    + keys
                    + "    destination: ./out\n"),
            Map.of())
        .export("e");
  }

  @Test
  void shouldUseTheBalancedDefaultsWithoutAProfile() {
    ExportSpec spec = load(POSTGRES, "");

    assertThat(spec.chunkRows()).isEqualTo(500_000);
    assertThat(spec.fetchSize()).isEqualTo(10_000);
    assertThat(spec.parallelism()).isEqualTo(2);
    assertThat(spec.pauseBetweenChunksMillis()).isZero();
  }

  @Test
  void shouldApplyTheSafeProfileRelativeToTheSourcesDefaultChunk() {
    ExportSpec postgres = load(POSTGRES, "    tuning: {profile: safe}\n");
    ExportSpec mariadb = load(MARIADB, "    tuning: {profile: safe}\n");

    assertThat(postgres.chunkRows()).isEqualTo(50_000);
    assertThat(mariadb.chunkRows()).isEqualTo(5_000);
    assertThat(postgres.fetchSize()).isEqualTo(1_000);
    assertThat(postgres.parallelism()).isEqualTo(1);
    // No pause between chunks: the governor paces the reads instead of bursts and pauses.
    assertThat(postgres.pauseBetweenChunksMillis()).isZero();
  }

  @Test
  void shouldApplyTheFastProfile() {
    ExportSpec spec = load(POSTGRES, "    tuning: {profile: fast}\n");

    assertThat(spec.chunkRows()).isEqualTo(1_000_000);
    assertThat(spec.fetchSize()).isEqualTo(20_000);
    assertThat(spec.parallelism()).isEqualTo(8);
    assertThat(spec.pauseBetweenChunksMillis()).isZero();
  }

  @Test
  void shouldLetExplicitSettingsOverrideTheProfile() {
    ExportSpec spec =
        load(
            POSTGRES,
            "    tuning: {profile: safe, pause_between_chunks: 250ms}\n"
                + "    chunk_rows: 7000\n    parallelism: 3\n");

    assertThat(spec.chunkRows()).isEqualTo(7_000);
    assertThat(spec.parallelism()).isEqualTo(3);
    assertThat(spec.fetchSize()).isEqualTo(1_000);
    assertThat(spec.pauseBetweenChunksMillis()).isEqualTo(250);
  }

  @Test
  void shouldTakeTheProfileFromDefaults() {
    ExportSpec spec =
        ConfigLoader.load(
                ConfigFiles.write(
                    dir,
                    "rivet.yaml",
                    POSTGRES
                        + "defaults:\n  tuning: {profile: safe}\n"
                        + "exports:\n  - name: e\n    table: orders\n    destination: ./out\n"),
                Map.of())
            .export("e");

    assertThat(spec.parallelism()).isEqualTo(1);
    assertThat(spec.governor().sourceLatency()).isEqualTo(LatencyThreshold.relative(1.3));
  }

  @Test
  void shouldGiveTheDefaultProfileNoGovernor() {
    GovernorSettings balanced = load(POSTGRES, "").governor();

    assertThat(balanced.sourceLatency()).isEqualTo(LatencyThreshold.OFF);
    assertThat(balanced.watchesSource()).isFalse();
    assertThat(balanced.maxReplicaLagMillis()).isZero();
    assertThat(balanced.limitsRate()).isFalse();
  }

  @Test
  void shouldTurnTheGovernorOffWithZero() {
    // The default profile's yield_to_sessions is not a probe: it looks once, at plan time.
    assertThat(load(POSTGRES, "    tuning: {max_source_latency: 0}\n").governor())
        .isEqualTo(GovernorSettings.NONE.withYieldToSessions(2));
    assertThat(
            load(POSTGRES, "    tuning: {max_source_latency: 0, yield_to_sessions: 0}\n")
                .governor())
        .isEqualTo(GovernorSettings.NONE);
  }

  @Test
  void shouldReadARelativeOrAbsoluteLatencyThreshold() {
    assertThat(
            load(POSTGRES, "    tuning: {max_source_latency: 1.5x}\n").governor().sourceLatency())
        .isEqualTo(LatencyThreshold.relative(1.5));
    assertThat(load(POSTGRES, "    tuning: {max_source_latency: 3X}\n").governor().sourceLatency())
        .isEqualTo(LatencyThreshold.relative(3));
    assertThat(
            load(POSTGRES, "    tuning: {max_source_latency: 300ms}\n").governor().sourceLatency())
        .isEqualTo(LatencyThreshold.absolute(300));
  }

  @Test
  void shouldRejectABadLatencyThresholdNamingFileKeyValueAndForms() {
    assertThatThrownBy(() -> load(POSTGRES, "    tuning: {max_source_latency: twox}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rivet.yaml:6:")
        .hasMessageContaining("exports[0].tuning.max_source_latency")
        .hasMessageContaining("'twox' is not a factor")
        .extracting(e -> ((ConfigException) e).hint())
        .asString()
        .contains("500ms", "2x", "0 to turn it off");
    assertThatThrownBy(() -> load(POSTGRES, "    tuning: {max_source_latency: fast}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("exports[0].tuning.max_source_latency")
        .hasMessageContaining("'fast' is neither a duration nor a factor");
    assertThatThrownBy(() -> load(POSTGRES, "    tuning: {max_source_latency: 1.05x}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("exports[0].tuning.max_source_latency")
        .hasMessageContaining("1.05x is out of range")
        .hasMessageContaining("1.1x to 100x");
    assertThatThrownBy(() -> load(POSTGRES, "    tuning: {max_source_latency: 2h}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("exports[0].tuning.max_source_latency")
        .hasMessageContaining("'2h' is out of range (expected 0 to 1h)");
  }

  @Test
  void shouldTakeTheGovernorThresholdsFromTheProfileUnlessSet() {
    GovernorSettings safe = load(POSTGRES, "    tuning: {profile: safe}\n").governor();
    GovernorSettings fast =
        load(POSTGRES, "    tuning: {profile: fast, max_replica_lag: 1m}\n").governor();

    assertThat(safe.sourceLatency()).isEqualTo(LatencyThreshold.relative(1.3));
    assertThat(safe.maxReplicaLagMillis()).isEqualTo(30_000);
    assertThat(fast.sourceLatency()).isEqualTo(LatencyThreshold.absolute(2_000));
    assertThat(fast.maxReplicaLagMillis()).isEqualTo(60_000);
    // safe reads at most 10,000 rows/s; the others have no rate limit.
    assertThat(safe.maxRowsPerSecond())
        .isEqualTo(TuningProfile.SAFE_ROWS_PER_SECOND)
        .isEqualTo(10_000);
    assertThat(fast.limitsRate()).isFalse();
    assertThat(load(POSTGRES, "").governor().limitsRate()).isFalse();
  }

  @Test
  void shouldLetTheExportSetOrLiftTheSafeProfilesRateLimit() {
    GovernorSettings faster =
        load(POSTGRES, "    tuning: {profile: safe, max_rows_per_second: 50_000}\n").governor();
    GovernorSettings unlimited =
        load(POSTGRES, "    tuning: {profile: safe, max_rows_per_second: 0}\n").governor();

    assertThat(faster.maxRowsPerSecond()).isEqualTo(50_000);
    assertThat(unlimited.maxRowsPerSecond()).isZero();
    assertThat(unlimited.sourceLatency()).isEqualTo(LatencyThreshold.relative(1.3));
  }

  @Test
  void shouldReadTheRateLimits() {
    GovernorSettings governor =
        load(
                POSTGRES,
                "    tuning: {max_rows_per_second: 5_000, max_bytes_per_second: 2MiB,"
                    + " max_source_latency: 0}\n")
            .governor();

    assertThat(governor.maxRowsPerSecond()).isEqualTo(5_000);
    assertThat(governor.maxBytesPerSecond()).isEqualTo(2L * 1024 * 1024);
    assertThat(governor.watchesSource()).isFalse();
  }

  @Test
  void shouldReadParallelismAutoAsTheProfilesCeiling() {
    ExportSpec balanced = load(POSTGRES, "    parallelism: auto\n");
    ExportSpec fast = load(POSTGRES, "    parallelism: AUTO\n    tuning: {profile: fast}\n");
    ExportSpec fixed = load(POSTGRES, "    parallelism: 3\n");

    assertThat(balanced.governor().autoParallelism()).isTrue();
    assertThat(balanced.parallelism())
        .isEqualTo(TuningProfile.BALANCED.autoParallelismCeiling())
        .isEqualTo(4);
    assertThat(fast.parallelism()).isEqualTo(16);
    assertThat(fixed.governor().autoParallelism()).isFalse();
  }

  @Test
  void shouldRejectANegativeRateAndABadParallelism() {
    assertThatThrownBy(() -> load(POSTGRES, "    tuning: {max_rows_per_second: -1}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("exports[0].tuning.max_rows_per_second");
    assertThatThrownBy(() -> load(POSTGRES, "    parallelism: many\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("exports[0].parallelism")
        .hasMessageContaining("'many' is not an integer");
  }

  @Test
  void shouldYieldToTwoOtherSessionsByDefaultAndLetTheExportChange() {
    assertThat(load(POSTGRES, "").governor().yieldToSessions()).isEqualTo(2);
    assertThat(load(POSTGRES, "    tuning: {profile: fast}\n").governor().yieldToSessions())
        .isZero();
    assertThat(load(POSTGRES, "    tuning: {profile: safe}\n").governor().yieldToSessions())
        .isZero();
    assertThat(
            load(POSTGRES, "    tuning: {profile: fast, yield_to_sessions: 5}\n")
                .governor()
                .yieldToSessions())
        .isEqualTo(5);
    assertThat(load(POSTGRES, "    tuning: {yield_to_sessions: 0}\n").governor().yieldToSessions())
        .isZero();
  }

  @Test
  void shouldRejectAYieldThresholdThatIsNotACountOfSessions() {
    assertThatThrownBy(() -> load(POSTGRES, "    tuning: {yield_to_sessions: -1}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("exports[0].tuning.yield_to_sessions")
        .hasMessageContaining("-1");
    assertThatThrownBy(() -> load(POSTGRES, "    tuning: {yield_to_sessions: some}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("exports[0].tuning.yield_to_sessions")
        .hasMessageContaining("'some' is not an integer");
  }

  @Test
  void shouldRejectAnUnknownProfileWithASuggestion() {
    assertThatThrownBy(() -> load(POSTGRES, "    tuning: {profile: saef}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("rivet.yaml:6:23:")
        .hasMessageContaining("exports[0].tuning.profile")
        .hasMessageContaining("did you mean 'safe'")
        .hasMessageContaining("safe, balanced, fast");
  }

  @Test
  void shouldRejectAnUnknownTuningKeyWithASuggestion() {
    assertThatThrownBy(() -> load(POSTGRES, "    tuning: {pause_between_chunk: 1s}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("exports[0].tuning.pause_between_chunk")
        .hasMessageContaining("did you mean 'pause_between_chunks'");
  }
}
