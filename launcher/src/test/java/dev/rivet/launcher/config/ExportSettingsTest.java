package dev.rivet.launcher.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rivet.kernel.plan.Compression;
import dev.rivet.kernel.plan.Consistency;
import dev.rivet.kernel.plan.FileRotation;
import dev.rivet.kernel.plan.Format;
import dev.rivet.kernel.plan.InfinityPolicy;
import dev.rivet.kernel.plan.OutputSettings;
import dev.rivet.kernel.plan.ReadProtocol;
import dev.rivet.kernel.plan.RetrySettings;
import dev.rivet.kernel.plan.SchemaDriftPolicy;
import dev.rivet.kernel.plan.TuningProfile;
import dev.rivet.kernel.plan.ZeroDatePolicy;
import dev.rivet.kernel.source.SourceKind;
import dev.rivet.launcher.config.Setting.Level;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Each export setting knows its value and the level that chose it. */
class ExportSettingsTest {
  @TempDir Path dir;

  /**
   * The settings of the first export in {@code yaml} (keys {@code defaults} and {@code exports}).
   */
  private ExportSettings resolve(String yaml, SourceKind source) {
    Path file = ConfigFiles.write(dir, "rivet.yaml", yaml);
    ConfigMapping root =
        ConfigNode.root(
                new ConfigFile(file, Map.of()),
                new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(yaml)))
            .mapping(List.of("defaults", "exports"));
    ConfigMapping defaults = ExportSettings.readDefaults(root.get("defaults"));
    ConfigMapping export = root.get("exports").list().get(0).mapping(ExportSettings.KEYS);
    return ExportSettings.resolve(export, defaults, source);
  }

  @Test
  void shouldReportTheLevelThatSetEachValue() {
    ExportSettings settings =
        resolve(
            "defaults:\n"
                + "  format: csv\n"
                + "  tuning: {profile: safe}\n"
                + "  retries: {attempts: 5}\n"
                + "exports:\n"
                + "  - destination: ./out\n"
                + "    chunk_rows: 7000\n"
                + "    retries: {backoff: 2s}\n",
            SourceKind.POSTGRESQL);

    assertThat(settings.output().format())
        .extracting(Setting::value, Setting::level)
        .containsExactly(Format.CSV, Level.DEFAULTS);
    assertThat(settings.output().destination().level()).isEqualTo(Level.EXPORT);
    assertThat(settings.reading().chunkRows())
        .extracting(Setting::value, Setting::level)
        .containsExactly(7_000L, Level.EXPORT);
    assertThat(settings.reading().fetchSize())
        .extracting(Setting::value, Setting::level)
        .containsExactly(TuningProfile.SAFE.fetchSize(), Level.PROFILE);
    assertThat(settings.tuning().pauseMillis())
        .extracting(Setting::value, Setting::level)
        .containsExactly(TuningProfile.SAFE.pauseMillis(), Level.PROFILE);
    assertThat(settings.tuning().profile().level()).isEqualTo(Level.DEFAULTS);
    assertThat(settings.retries().attempts())
        .extracting(Setting::value, Setting::level)
        .containsExactly(5, Level.DEFAULTS);
    assertThat(settings.retries().backoffMillis())
        .extracting(Setting::value, Setting::level)
        .containsExactly(2_000L, Level.EXPORT);
    assertThat(settings.retries().maxBackoffMillis())
        .extracting(Setting::value, Setting::level)
        .containsExactly(RetrySettings.DEFAULT.maxBackoffMillis(), Level.BUILT_IN);
  }

  @Test
  void shouldTakeEveryUnwrittenValueFromTheKernel() {
    ExportSettings settings = resolve("exports:\n  - destination: ./out\n", SourceKind.MYSQL);

    assertThat(settings.all())
        .filteredOn(setting -> !setting.key().equals("destination"))
        .extracting(Setting::level)
        .containsOnly(Level.BUILT_IN);
    assertThat(settings.output().format().value()).isEqualTo(Format.DEFAULT);
    assertThat(settings.output().compression().value()).isEqualTo(Compression.ZSTD);
    assertThat(settings.values().onInfinity().value()).isEqualTo(InfinityPolicy.DEFAULT);
    assertThat(settings.values().onZeroDate().value()).isEqualTo(ZeroDatePolicy.DEFAULT);
    assertThat(settings.reading().chunkRows().value())
        .isEqualTo(TuningProfile.DEFAULT.chunkRows(SourceKind.MYSQL));
    assertThat(settings.reading().rowGroupBytes().value())
        .isEqualTo(OutputSettings.DEFAULT_ROW_GROUP_BYTES);
    assertThat(settings.rotation().toFileRotation()).isEqualTo(FileRotation.NONE);
    assertThat(settings.retries().toRetrySettings()).isEqualTo(RetrySettings.DEFAULT);
    assertThat(settings.tuning().profile().value()).isEqualTo(TuningProfile.DEFAULT);
  }

  @Test
  void shouldWritePlainCsvAndZstdParquetWhenNoCompressionIsNamed() {
    ExportSettings csv =
        resolve("exports:\n  - destination: ./out\n    format: csv\n", SourceKind.POSTGRESQL);
    ExportSettings csvFromDefaults =
        resolve(
            "defaults:\n  format: csv\nexports:\n  - destination: ./out\n", SourceKind.POSTGRESQL);
    ExportSettings parquet =
        resolve("exports:\n  - destination: ./out\n    format: parquet\n", SourceKind.MYSQL);
    ExportSettings zstdCsv =
        resolve(
            "defaults:\n  compression: zstd\nexports:\n  - destination: ./out\n    format: csv\n",
            SourceKind.POSTGRESQL);

    assertThat(csv.output().compression())
        .extracting(Setting::value, Setting::level)
        .containsExactly(Compression.NONE, Level.BUILT_IN);
    assertThat(csvFromDefaults.output().compression().value()).isEqualTo(Compression.NONE);
    assertThat(parquet.output().compression())
        .extracting(Setting::value, Setting::level)
        .containsExactly(Compression.ZSTD, Level.BUILT_IN);
    assertThat(zstdCsv.output().compression())
        .extracting(Setting::value, Setting::level)
        .containsExactly(Compression.ZSTD, Level.DEFAULTS);
  }

  @Test
  void shouldInheritConsistencyFromDefaultsAndKeepPerChunkSnapshotsByDefault() {
    ExportSettings inherited =
        resolve(
            "defaults:\n  consistency: snapshot\nexports:\n  - destination: ./out\n",
            SourceKind.POSTGRESQL);
    ExportSettings builtIn = resolve("exports:\n  - destination: ./out\n", SourceKind.POSTGRESQL);

    assertThat(inherited.reading().consistency())
        .extracting(Setting::value, Setting::level)
        .containsExactly(Consistency.SNAPSHOT, Level.DEFAULTS);
    assertThat(
            inherited
                .toSpec("e", new dev.rivet.kernel.plan.TableRef(null, "e"), null)
                .consistency())
        .isEqualTo(Consistency.SNAPSHOT);
    assertThat(builtIn.reading().consistency().value()).isEqualTo(Consistency.CHUNK);
  }

  @Test
  void shouldRefuseASharedSnapshotOnMySqlNamingTheExportTheKeyAndWhatToDo() {
    ExportSettings settings =
        resolve("exports:\n  - destination: ./out\n    consistency: snapshot\n", SourceKind.MYSQL);

    ConfigException e =
        catchThrowableOfType(
            ConfigException.class, () -> settings.requireReadable("orders", SourceKind.MYSQL));

    assertThat(e.getMessage())
        .contains("consistency")
        .contains("export 'orders'")
        .contains("only PostgreSQL");
    assertThat(e.hint()).contains("parallelism: 1");
    settings.requireReadable("orders", SourceKind.POSTGRESQL);
  }

  @Test
  void shouldFindEachSettingByTheKeyTheKernelNames() {
    ExportSettings settings = resolve("exports:\n  - destination: ./out\n", SourceKind.POSTGRESQL);

    assertThat(settings.all()).hasSize(30);
    assertThat(settings.find("consistency")).containsSame(settings.reading().consistency());
    assertThat(settings.find("on_array_lower_bound"))
        .containsSame(settings.values().onArrayLowerBound());
    assertThat(settings.find("batch_size_memory_mb")).containsSame(settings.memory().budgetMb());
    assertThat(settings.find("max_value_size")).containsSame(settings.memory().maxValueBytes());
    assertThat(settings.find("retries.max_backoff"))
        .containsSame(settings.retries().maxBackoffMillis());
    assertThat(settings.find("tuning.pause_between_chunks"))
        .containsSame(settings.tuning().pauseMillis());
    assertThat(settings.find("tuning.read_protocol"))
        .containsSame(settings.tuning().readProtocol());
    assertThat(settings.find("tuning.max_source_latency"))
        .containsSame(settings.tuning().governor().maxSourceLatency());
    assertThat(settings.find("tuning.max_bytes_per_second"))
        .containsSame(settings.tuning().governor().maxBytesPerSecond());
    assertThat(settings.find("tuning.yield_to_sessions"))
        .containsSame(settings.tuning().governor().yieldToSessions());
    assertThat(settings.find("name")).isEmpty();
  }

  @Test
  void shouldTakeTheReadProtocolFromTheExportElseDefaultsElseAuto() {
    ExportSettings inherited =
        resolve(
            "defaults:\n  tuning: {read_protocol: jdbc}\nexports:\n  - destination: ./out\n",
            SourceKind.POSTGRESQL);
    ExportSettings own =
        resolve(
            "defaults:\n  tuning: {read_protocol: jdbc}\n"
                + "exports:\n  - {destination: ./out, tuning: {read_protocol: COPY}}\n",
            SourceKind.POSTGRESQL);
    ExportSettings none = resolve("exports:\n  - destination: ./out\n", SourceKind.POSTGRESQL);

    assertThat(inherited.tuning().readProtocol().value()).isEqualTo(ReadProtocol.JDBC);
    assertThat(inherited.tuning().readProtocol().level()).isEqualTo(Level.DEFAULTS);
    assertThat(own.tuning().readProtocol().value()).isEqualTo(ReadProtocol.COPY);
    assertThat(none.tuning().readProtocol().value()).isEqualTo(ReadProtocol.AUTO);
    assertThat(own.toSpec("a", new dev.rivet.kernel.plan.TableRef(null, "a"), null).readProtocol())
        .isEqualTo(ReadProtocol.COPY);
  }

  @Test
  void shouldTakeTheSchemaDriftPolicyFromTheExportElseDefaultsElseWarn() {
    ExportSettings inherited =
        resolve(
            "defaults:\n  on_schema_drift: fail\nexports:\n  - destination: ./out\n",
            SourceKind.POSTGRESQL);
    ExportSettings own =
        resolve(
            "defaults:\n  on_schema_drift: fail\n"
                + "exports:\n  - {destination: ./out, on_schema_drift: CONTINUE}\n",
            SourceKind.POSTGRESQL);
    ExportSettings none = resolve("exports:\n  - destination: ./out\n", SourceKind.POSTGRESQL);

    assertThat(inherited.values().onSchemaDrift().value()).isEqualTo(SchemaDriftPolicy.FAIL);
    assertThat(inherited.values().onSchemaDrift().level()).isEqualTo(Level.DEFAULTS);
    assertThat(own.values().onSchemaDrift().value()).isEqualTo(SchemaDriftPolicy.CONTINUE);
    assertThat(none.values().onSchemaDrift().value()).isEqualTo(SchemaDriftPolicy.WARN);
    assertThat(own.toSpec("a", new dev.rivet.kernel.plan.TableRef(null, "a"), null).onSchemaDrift())
        .isEqualTo(SchemaDriftPolicy.CONTINUE);
  }

  @Test
  void shouldSayWhereAnInheritedValueCameFromAndPointAtTheExport() {
    ExportSettings settings =
        resolve(
            "defaults:\n  tuning: {profile: fast}\n  fetch_size: 7\n"
                + "exports:\n  - destination: ./out\n",
            SourceKind.POSTGRESQL);

    assertThat(settings.reading().parallelism().error("8 is too many", "use fewer").getMessage())
        .endsWith("exports[0].parallelism: the tuning profile's 8 is too many");
    assertThat(settings.output().format().error("x", "y").getMessage())
        .endsWith("exports[0].format: the default x");
    assertThat(settings.reading().fetchSize().error("7 is too few", "y").getMessage())
        .contains("rivet.yaml:3:")
        .endsWith("defaults.fetch_size: 7 is too few");
  }

  @Test
  void shouldRequireADestinationAtOneLevel() {
    ConfigException e =
        catchThrowableOfType(
            () -> resolve("exports:\n  - format: csv\n", SourceKind.POSTGRESQL),
            ConfigException.class);

    assertThat(e.getMessage())
        .endsWith(
            "exports[0].destination: required key is missing (set it here or in"
                + " defaults.destination)");
  }

  @Test
  void shouldReadDefaultsEvenWhenEveryExportOverridesThem() {
    ConfigException e =
        catchThrowableOfType(
            () ->
                resolve(
                    "defaults:\n  format: parqet\n"
                        + "exports:\n  - destination: ./out\n    format: csv\n",
                    SourceKind.POSTGRESQL),
            ConfigException.class);

    assertThat(e.getMessage())
        .contains("rivet.yaml:2:11: defaults.format: 'parqet' is not a valid value");
  }
}
