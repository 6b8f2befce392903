package dev.rivet.launcher.config;

import static dev.rivet.launcher.config.ConfigFiles.loadError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Mistakes in the source and state sections, and what the message says about them. */
class SourceConfigErrorTest {
  @TempDir Path dir;

  private static final String SOURCE = "source:\n  url: postgresql://app@db/shop\n";

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "postgresql://u:s3cret-pw@127.0.0.1:54x2/test | '54x2' of host 127.0.0.1 | 5432",
        "jdbc:postgresql://127.0.0.1:54x2/test?user=u&password=s3cret-pw | '54x2' of host"
            + " 127.0.0.1 | 5432",
        "jdbc:mariadb://127.0.0.1:33x6/test?user=root&password=s3cret-pw | '33x6' of host"
            + " 127.0.0.1 | 3306",
        "mysql://root:s3cret-pw@db:3306x/shop | '3306x' of host db | 3306",
        "postgresql://u@h1:5432,h2:99999/test | '99999' of host h2 | 5432",
        "jdbc:postgresql://h1,[::1]:0/test | '0' of host ::1 | 5432",
        "jdbc:mysql:replication://address=(host=p1)(port=33o7),r1/db | '33o7' of host p1 | 3306",
        "postgres://u@db:65536/shop | '65536' of host db | 5432",
      })
  void shouldRejectAPortThatIsNotANumberFromOneTo65535AtLoad(
      String url, String portAndHost, String defaultPort) {
    ConfigException e =
        loadError(
            dir,
            "source:\n  url: \"" + url + "\"\nexports: [{name: a, table: a, destination: o}]\n");

    assertThat(e.getMessage())
        .contains(
            "rivet.yaml:2:8: source.url: port "
                + portAndHost
                + " is invalid (expected a whole number from 1 to 65535) in '")
        .doesNotContain("s3cret-pw");
    assertThat(e.hint())
        .startsWith("write the port as a whole number from 1 to 65535")
        .endsWith("or leave out ':port' for the default " + defaultPort);
  }

  @Test
  void shouldRejectAnEmptyPort() {
    ConfigException e =
        loadError(
            dir,
            "source:\n  url: mysql://u@db:/shop\nexports: [{name: a, table: a, destination: o}]\n");

    assertThat(e.getMessage())
        .contains(
            "source.url: host db has an empty port (expected a whole number from 1 to 65535)");
  }

  @Test
  void shouldRejectUrlTogetherWithHostSayingWhichToKeep() {
    ConfigException e =
        loadError(
            dir,
            """
            source:
              url: postgresql://app@db/shop
              host: db
            exports: [{name: a, table: a, destination: o}]
            """);

    assertThat(e.getMessage())
        .contains("rivet.yaml:3:9: source.host: cannot be combined with source.url");
    assertThat(e.hint())
        .contains("keep source.url and remove source.host")
        .contains("or remove source.url");
  }

  @Test
  void shouldRejectSourceWithNeitherUrlNorHost() {
    ConfigException e =
        loadError(
            dir, "source:\n  database: shop\nexports: [{name: a, table: a, destination: o}]\n");

    assertThat(e.getMessage()).contains("rivet.yaml:2:3: source: needs either url or host");
  }

  @Test
  void shouldRejectPasswordEnvNamingUnsetVariable() {
    ConfigException e =
        loadError(
            dir,
            """
            source:
              url: postgresql://app@db/shop
              password_env: SHOP_PG_PASSWORD
            exports: [{name: a, table: a, destination: o}]
            """);

    assertThat(e.getMessage())
        .contains(
            "rivet.yaml:3:17: source.password_env: environment variable 'SHOP_PG_PASSWORD' is not"
                + " set");
  }

  @Test
  void shouldRejectPasswordEnvNamingEmptyVariable() {
    ConfigException e =
        loadError(
            dir,
            "source: {host: db, database: d, password_env: PW}\n"
                + "exports: [{name: a, table: a, destination: o}]\n",
            Map.of("PW", ""));

    assertThat(e.getMessage())
        .contains("source.password_env: environment variable 'PW' is set but empty");
  }

  @Test
  void shouldRejectPasswordEnvTogetherWithPasswordFile() {
    ConfigException e =
        loadError(
            dir,
            "source: {host: db, database: d, password_env: PW, password_file: pw}\n"
                + "exports: [{name: a, table: a, destination: o}]\n",
            Map.of("PW", "x"));

    assertThat(e.getMessage())
        .contains("source.password_file: cannot be combined with source.password_env");
  }

  @Test
  void shouldRejectPasswordInUrlTogetherWithPasswordEnvWithoutShowingIt() {
    ConfigException e =
        loadError(
            dir,
            "source: {url: 'postgresql://app:hunter2@db/shop', password_env: PW}\n"
                + "exports: [{name: a, table: a, destination: o}]\n",
            Map.of("PW", "x"));

    assertThat(e.getMessage())
        .contains("source.password_env: cannot be combined with a password inside source.url")
        .doesNotContain("hunter2");
  }

  @Test
  void shouldRejectMissingPasswordFileWithAbsolutePath() {
    ConfigException e =
        loadError(
            dir,
            "source: {host: db, database: d, password_file: secrets/pg}\n"
                + "exports: [{name: a, table: a, destination: o}]\n");

    assertThat(e.getMessage())
        .contains("source.password_file: file " + dir.resolve("secrets/pg") + " does not exist");
  }

  @Test
  void shouldRejectUnreadablePasswordFile() throws Exception {
    Files.createDirectories(dir.resolve("pg"));

    ConfigException e =
        loadError(
            dir,
            "source: {host: db, database: d, password_file: pg}\n"
                + "exports: [{name: a, table: a, destination: o}]\n");

    assertThat(e.getMessage())
        .contains("source.password_file: file " + dir.resolve("pg") + " cannot be read");
  }

  @Test
  void shouldRejectUnsupportedSourceTypeWithValidValues() {
    ConfigException e =
        loadError(
            dir,
            "source: {host: db, database: d, type: postgres}\n"
                + "exports: [{name: a, table: a, destination: o}]\n");

    assertThat(e.getMessage())
        .contains(
            "source.type: 'postgres' is not a valid value; did you mean 'postgresql'? (valid:"
                + " postgresql, mysql, mariadb)");
  }

  @Test
  void shouldRejectUnsupportedUrlSchemeWithSuggestionWithoutShowingPassword() {
    ConfigException e =
        loadError(
            dir,
            "source: {url: 'maria://root:hunter2@db/shop'}\n"
                + "exports: [{name: a, table: a, destination: o}]\n");

    assertThat(e.getMessage())
        .contains(
            "source.url: 'maria://root:***@db/shop' uses database 'maria', which is not supported;"
                + " did you mean 'mariadb'? (supported: postgresql://")
        .doesNotContain("hunter2");
    assertThat(e.hint()).contains("mysql://user@host:3306/database");
  }

  @Test
  void shouldRejectATypeThatContradictsTheUrl() {
    ConfigException e =
        loadError(
            dir,
            "source: {url: 'postgresql://app@db/shop', type: mysql}\n"
                + "exports: [{name: a, table: a, destination: o}]\n");

    assertThat(e.getMessage())
        .contains(
            "source.type: 'mysql' does not match source.url, which reaches a postgresql server");
  }

  @Test
  void shouldRejectAMySqlDatabaseNameThatCannotGoIntoAUrl() {
    ConfigException e =
        loadError(
            dir,
            "source: {host: db, database: 'shop?x', type: mariadb}\n"
                + "exports: [{name: a, table: a, destination: o}]\n");

    assertThat(e.getMessage())
        .contains("source.database: 'shop?x' cannot be passed to MariaDB Connector/J in a URL");
  }

  @Test
  void shouldRejectScalarWhereMappingIsExpectedWithoutShowingPassword() {
    ConfigException e =
        loadError(
            dir,
            "source: postgresql://app:hunter2@db/shop\n"
                + "exports: [{name: a, table: a, destination: o}]\n");

    assertThat(e.getMessage())
        .contains("rivet.yaml:1:9: source: expected a mapping with keys url, host, port")
        .contains("got 'postgresql://app:***@db/shop'")
        .doesNotContain("hunter2");
  }

  @Test
  void shouldRejectStateThatIsNeitherSqliteNorPostgres() {
    ConfigException e =
        loadError(
            dir,
            SOURCE
                + "state: jdbc:mysql://db/state\n"
                + "exports: [{name: a, table: a, destination: o}]\n");

    assertThat(e.getMessage())
        .contains(
            "rivet.yaml:3:8: state: 'jdbc:mysql://db/state' is not supported; the state store"
                + " is a SQLite file");
  }

  @Test
  void shouldNameTheEnvironmentVariableWhenRivetStateUrlIsInvalid() {
    Path file =
        ConfigFiles.write(
            dir, "rivet.yaml", SOURCE + "exports: [{name: a, table: a, destination: o}]\n");

    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () -> ConfigLoader.load(file, Map.of("RIVET_STATE_URL", "jdbc:mysql://db/state")));

    assertThat(e.getMessage())
        .startsWith(
            "environment variable RIVET_STATE_URL: 'jdbc:mysql://db/state' is not supported");
  }
}
