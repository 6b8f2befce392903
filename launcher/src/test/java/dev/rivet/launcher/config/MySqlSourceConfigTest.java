package dev.rivet.launcher.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.kernel.source.SourceKind;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MySQL and MariaDB sources in every form the config accepts. */
class MySqlSourceConfigTest {
  @TempDir Path dir;

  private SourceConnection source(String sourceYaml, Map<String, String> env) {
    return ConfigLoader.load(
            ConfigFiles.write(
                dir,
                "rivet.yaml",
                "source: " + sourceYaml + "\nexports: [{name: t, table: t, destination: out}]\n"),
            env)
        .source();
  }

  private SourceConnection source(String sourceYaml) {
    return source(sourceYaml, Map.of());
  }

  @Test
  void shouldDefaultToSmallerChunksForMySqlThanForPostgres() {
    String exports = "\nexports: [{name: t, table: t, destination: out}]\n";
    long mysql =
        ConfigLoader.load(
                ConfigFiles.write(dir, "my.yaml", "source: {url: 'mysql://app@db/shop'}" + exports),
                Map.of())
            .export("t")
            .chunkRows();
    long postgres =
        ConfigLoader.load(
                ConfigFiles.write(
                    dir, "pg.yaml", "source: {url: 'postgresql://app@db/shop'}" + exports),
                Map.of())
            .export("t")
            .chunkRows();

    assertThat(mysql).isEqualTo(SourceKind.MYSQL.defaultChunkRows());
    assertThat(postgres).isEqualTo(SourceKind.POSTGRESQL.defaultChunkRows());
  }

  @Test
  void shouldTurnAMySqlUrlIntoAMariaDbJdbcUrlWithDecodedCredentials() {
    assertThat(source("{url: 'mysql://app:p%2Fw@db.internal:3306/shop?sslMode=trust'}"))
        .isEqualTo(
            new SourceConnection(
                "jdbc:mariadb://db.internal:3306/shop?sslMode=trust", "app", "p/w"));
  }

  @Test
  void shouldTurnAMariaDbUrlIntoAMariaDbJdbcUrlWithPasswordEnv() {
    assertThat(
            source("{url: 'mariadb://app@db/shop', password_env: SHOP_PW}", Map.of("SHOP_PW", "x")))
        .isEqualTo(new SourceConnection("jdbc:mariadb://db/shop", "app", "x"));
  }

  @Test
  void shouldUseMariaDbAndMySqlJdbcUrlsAsWritten() {
    assertThat(source("{url: 'jdbc:mariadb://db:3307/shop', user: app}"))
        .isEqualTo(new SourceConnection("jdbc:mariadb://db:3307/shop", "app", null));
    assertThat(source("{url: 'jdbc:mysql://db/shop', user: app, type: mysql}").jdbcUrl())
        .isEqualTo("jdbc:mysql://db/shop");
  }

  @Test
  void shouldBuildAMariaDbJdbcUrlFromHostWithPort3306ByDefault() {
    assertThat(source("{host: db.internal, database: shop, user: app, type: mysql}"))
        .isEqualTo(new SourceConnection("jdbc:mariadb://db.internal:3306/shop", "app", null));
    assertThat(source("{host: '::1', port: 3307, database: shop, type: MariaDB}").jdbcUrl())
        .isEqualTo("jdbc:mariadb://[::1]:3307/shop");
  }

  @Test
  void shouldAcceptAMariaDbTypeBesideAMySqlUrl() {
    assertThat(source("{url: 'mysql://app@db/shop', type: mariadb}").jdbcUrl())
        .isEqualTo("jdbc:mariadb://db/shop");
  }
}
