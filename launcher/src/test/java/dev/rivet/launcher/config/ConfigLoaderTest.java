package dev.rivet.launcher.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.destination.Destination;
import dev.rivet.kernel.plan.CheckSettings;
import dev.rivet.kernel.plan.Compression;
import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.kernel.plan.Format;
import dev.rivet.kernel.plan.FullMode;
import dev.rivet.kernel.plan.GovernorSettings;
import dev.rivet.kernel.plan.InfinityPolicy;
import dev.rivet.kernel.plan.OutputSettings;
import dev.rivet.kernel.plan.QueryText;
import dev.rivet.kernel.plan.ReadSettings;
import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.kernel.plan.TuningProfile;
import dev.rivet.kernel.plan.ValuePolicies;
import dev.rivet.kernel.source.SourceKind;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  private RivetConfig load(String yaml, Map<String, String> env) {
    return ConfigLoader.load(ConfigFiles.write(dir, "rivet.yaml", yaml), env);
  }

  private RivetConfig load(String yaml) {
    return load(yaml, Map.of());
  }

  @Test
  void shouldLoadUrlFormWithEveryDefaultFilledIn() {
    RivetConfig config =
        load(
            """
            source:
              url: postgresql://app@db.internal:5432/shop?sslmode=require
            exports:
              - name: orders
                table: public.orders
                destination: ./out
            """);

    assertThat(config.source())
        .isEqualTo(
            new SourceConnection(
                "jdbc:postgresql://db.internal:5432/shop?sslmode=require", "app", null));
    assertThat(config.stateUrl()).isEqualTo("jdbc:sqlite:" + dir.resolve(".rivet/state.db"));
    assertThat(config.exports())
        .containsExactly(
            new ExportSpec(
                    "orders",
                    new TableRef("public", "orders"),
                    new FullMode(),
                    ReadSettings.of(
                        SourceKind.POSTGRESQL.defaultChunkRows(),
                        TuningProfile.DEFAULT.fetchSize(),
                        TuningProfile.DEFAULT.parallelism()),
                    ValuePolicies.of(InfinityPolicy.FAIL),
                    new OutputSettings(
                        Format.PARQUET,
                        Compression.ZSTD,
                        Destination.parse(dir.resolve("out").toString()),
                        OutputSettings.DEFAULT_ROW_GROUP_BYTES,
                        null),
                    CheckSettings.DEFAULT)
                .withGovernor(
                    GovernorSettings.NONE.withYieldToSessions(
                        TuningProfile.DEFAULT.yieldToSessions())));
    assertThat(config.export("orders").name()).isEqualTo("orders");
  }

  @Test
  void shouldPercentDecodeUserAndPasswordFromPostgresUrl() {
    RivetConfig config =
        load(
            """
            source:
              url: postgres://app%40corp:p%2Fw+x@db:6432/shop
            exports: [{name: t, table: t, destination: out}]
            """);

    assertThat(config.source().jdbcUrl()).isEqualTo("jdbc:postgresql://db:6432/shop");
    assertThat(config.source().user()).isEqualTo("app@corp");
    assertThat(config.source().password()).isEqualTo("p/w+x");
  }

  @Test
  void shouldUseJdbcUrlAsWrittenWithUserAndPasswordEnv() {
    RivetConfig config =
        load(
            """
            source:
              url: jdbc:postgresql://db:5432/shop?ssl=true
              user: app
              password_env: SHOP_PG_PASSWORD
            exports: [{name: t, table: t, destination: out}]
            """,
            Map.of("SHOP_PG_PASSWORD", "s3cret"));

    assertThat(config.source())
        .isEqualTo(
            new SourceConnection("jdbc:postgresql://db:5432/shop?ssl=true", "app", "s3cret"));
  }

  @Test
  void shouldBuildJdbcUrlFromHostPortAndDatabase() {
    RivetConfig config =
        load(
            """
            source:
              host: db.internal
              port: 6543
              database: shop floor
              user: app
              type: postgresql
            exports: [{name: t, table: t, destination: out}]
            """);

    assertThat(config.source())
        .isEqualTo(
            new SourceConnection("jdbc:postgresql://db.internal:6543/shop%20floor", "app", null));
  }

  @Test
  void shouldDefaultPortTo5432AndBracketIpv6Hosts() {
    RivetConfig config =
        load(
            """
            source: {host: "::1", database: shop}
            exports: [{name: t, table: t, destination: out}]
            """);

    assertThat(config.source().jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5432/shop");
    assertThat(config.source().user()).isNull();
  }

  @Test
  void shouldReadPasswordFileRelativeToConfigDirectoryWithoutTrailingNewline() {
    ConfigFiles.write(dir, "secrets/pg", "pa ss\n");

    RivetConfig config =
        load(
            """
            source:
              host: db
              database: shop
              password_file: secrets/pg
            exports: [{name: t, table: t, destination: out}]
            """);

    assertThat(config.source().password()).isEqualTo("pa ss");
  }

  @Test
  void shouldApplyDefaultsUnlessTheExportSetsTheKey() {
    RivetConfig config =
        load(
            """
            source: {url: "postgresql://app@db/shop"}
            defaults:
              format: csv
              compression: gzip
              destination: /data/out
              chunk_rows: 1_000
              fetch_size: 50
              parallelism: 4
              row_group_size: 128MiB
              on_infinity: null
            exports:
              - name: orders
                table: orders
              - name: customers
                table: crm.customers
                format: parquet
                parallelism: 1
                destination: file:///srv/exports
                row_group_size: 2000000
            """);

    ExportSpec orders = config.export("orders");
    assertThat(orders.format()).isEqualTo(Format.CSV);
    assertThat(orders.compression()).isEqualTo(Compression.GZIP);
    assertThat(orders.destination().text()).isEqualTo("/data/out");
    assertThat(orders.chunkRows()).isEqualTo(1_000);
    assertThat(orders.fetchSize()).isEqualTo(50);
    assertThat(orders.parallelism()).isEqualTo(4);
    assertThat(orders.rowGroupBytes()).isEqualTo(128L * 1024 * 1024);
    assertThat(orders.onInfinity()).isEqualTo(InfinityPolicy.NULL);
    ExportSpec customers = config.export("customers");
    assertThat(customers.relation()).isEqualTo(new TableRef("crm", "customers"));
    assertThat(customers.format()).isEqualTo(Format.PARQUET);
    assertThat(customers.compression()).isEqualTo(Compression.GZIP);
    assertThat(customers.parallelism()).isEqualTo(1);
    assertThat(customers.destination().text()).isEqualTo("/srv/exports");
    assertThat(customers.rowGroupBytes()).isEqualTo(2_000_000);
  }

  @Test
  void shouldExpandEnvironmentVariablesWithDefaultsInAnyValue() {
    RivetConfig config =
        load(
            """
            source:
              url: postgresql://${PGUSER}@${PGHOST:-localhost}:${PGPORT:-5432}/shop
            exports:
              - name: orders
                query: SELECT * FROM orders WHERE region = '${REGION:-eu}' AND note = '$${literal}'
                destination: ${OUT_DIR}/orders
                parallelism: ${PAR:-3}
            """,
            Map.of("PGUSER", "etl", "PGPORT", "6000", "OUT_DIR", "/mnt/out"));

    assertThat(config.source().jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:6000/shop");
    assertThat(config.source().user()).isEqualTo("etl");
    ExportSpec orders = config.export("orders");
    assertThat(orders.relation())
        .isEqualTo(
            new QueryText("SELECT * FROM orders WHERE region = 'eu' AND note = '${literal}'"));
    assertThat(orders.destination().text()).isEqualTo("/mnt/out/orders");
    assertThat(orders.parallelism()).isEqualTo(3);
  }

  @Test
  void shouldTreatAValueThatExpandsToEmptyAsUnset() {
    RivetConfig config =
        load(
            """
            source: {url: "postgresql://app@db/shop"}
            state: ${RIVET_STATE:-}
            exports: [{name: t, table: t, destination: out, format: "${FORMAT:-}"}]
            """);

    assertThat(config.stateUrl()).isEqualTo("jdbc:sqlite:" + dir.resolve(".rivet/state.db"));
    assertThat(config.export("t").format()).isEqualTo(Format.PARQUET);
  }

  @Test
  void shouldReadQueryFileRelativeToConfigDirectory() {
    ConfigFiles.write(dir, "sql/orders.sql", "SELECT id, total\nFROM orders;\n");

    RivetConfig config =
        load(
            """
            source: {url: "postgresql://app@db/shop"}
            exports:
              - name: orders
                query_file: sql/orders.sql
                destination: out
            """);

    assertThat(config.export("orders").relation())
        .isEqualTo(new QueryText("SELECT id, total\nFROM orders"));
  }

  @Test
  void shouldResolveStatePathRelativeToConfigDirectory() {
    RivetConfig config =
        load(
            """
            source: {url: "postgresql://app@db/shop"}
            state: var/state.db
            exports: [{name: t, table: t, destination: out}]
            """);

    assertThat(config.stateUrl()).isEqualTo("jdbc:sqlite:" + dir.resolve("var/state.db"));
  }

  @Test
  void shouldKeepSqliteJdbcUrlForState() {
    RivetConfig config =
        load(
            """
            source: {url: "postgresql://app@db/shop"}
            state: jdbc:sqlite:/var/lib/rivet/state.db
            exports: [{name: t, table: t, destination: out}]
            """);

    assertThat(config.stateUrl()).isEqualTo("jdbc:sqlite:/var/lib/rivet/state.db");
  }

  @Test
  void shouldLetRivetStateUrlOverrideTheFile() {
    RivetConfig config =
        load(
            """
            source: {url: "postgresql://app@db/shop"}
            state: var/state.db
            exports: [{name: t, table: t, destination: out}]
            """,
            Map.of("RIVET_STATE_URL", "jdbc:sqlite:/tmp/override.db"));

    assertThat(config.stateUrl()).isEqualTo("jdbc:sqlite:/tmp/override.db");
  }

  @Test
  void shouldResolveRelativeRivetStateUrlPathAgainstWorkingDirectory() {
    RivetConfig config =
        load(
            """
            source: {url: "postgresql://app@db/shop"}
            exports: [{name: t, table: t, destination: out}]
            """,
            Map.of("RIVET_STATE_URL", "state.db"));

    assertThat(config.stateUrl())
        .isEqualTo("jdbc:sqlite:" + Path.of("state.db").toAbsolutePath().normalize());
  }

  @Test
  void shouldMatchEnumValuesCaseInsensitively() {
    RivetConfig config =
        load(
            """
            source: {url: "postgresql://app@db/shop"}
            exports: [{name: t, table: t, destination: out, format: CSV, compression: None}]
            """);

    assertThat(config.export("t").format()).isEqualTo(Format.CSV);
    assertThat(config.export("t").compression()).isEqualTo(Compression.NONE);
  }
}
