package dev.rivet.planner.dialect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.kernel.source.SourceKind;
import dev.rivet.planner.mysql.MySqlDialect;
import dev.rivet.planner.postgres.PostgresDialect;
import java.sql.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DialectTest {
  private static final MySqlDialect MYSQL = new MySqlDialect();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "jdbc:mariadb://db:3306/shop",
        "jdbc:mysql://db/shop?sslMode=verify-full",
        "jdbc:mariadb:replication://a,b/shop"
      })
  void shouldChooseTheMySqlDialectForMariaDbAndMySqlUrls(String url) {
    assertThat(Dialect.of(SourceKind.forJdbcUrl(url))).isEqualTo(MYSQL);
  }

  @Test
  void shouldChooseThePostgresDialectForPostgresUrls() {
    assertThat(Dialect.of(SourceKind.forJdbcUrl("jdbc:postgresql://db/shop")))
        .isInstanceOf(PostgresDialect.class);
  }

  @Test
  void shouldListTheSupportedSchemesForAnUnknownUrlWithoutItsParameters() {
    assertThatThrownBy(() -> SourceKind.forJdbcUrl("jdbc:sqlserver://db/x?password=s3cret"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("supported: postgresql")
        .hasMessageContaining("jdbc:mariadb://")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void shouldFindEachDialectByTheNameItStoresInPlans() {
    for (SourceKind kind : SourceKind.values()) {
      assertThat(Dialect.of(kind).kind()).isEqualTo(kind);
    }
    assertThat(Dialect.of(SourceKind.MYSQL)).isEqualTo(MYSQL);
    assertThat(Dialect.of(SourceKind.POSTGRESQL)).isInstanceOf(PostgresDialect.class);
  }

  @Test
  void shouldRewriteOnlyTheMySqlSchemeForTheMariaDbDriver() {
    assertThat(MYSQL.driverUrl("jdbc:mysql://db:3306/shop?useSSL=true"))
        .isEqualTo("jdbc:mariadb://db:3306/shop?useSSL=true");
    assertThat(MYSQL.driverUrl("jdbc:mariadb://db/jdbc:mysql:"))
        .isEqualTo("jdbc:mariadb://db/jdbc:mysql:");
    assertThat(MYSQL.driverUrl("jdbc:postgresql://db/shop")).isEqualTo("jdbc:postgresql://db/shop");
  }

  @Test
  void shouldQuoteWithBackticksDoublingEmbeddedOnes() {
    assertThat(MYSQL.quote("Order `Id`")).isEqualTo("`Order ``Id```");
    assertThat(MYSQL.qualified(new TableRef("shop db", "a\"b"))).isEqualTo("`shop db`.`a\"b`");
    assertThat(MYSQL.qualified(new TableRef(null, "orders"))).isEqualTo("`orders`");
  }

  @ParameterizedTest
  @CsvSource({
    "GEOMETRY",
    "point",
    "LINESTRING",
    "POLYGON",
    "MULTIPOINT",
    "MULTILINESTRING",
    "MULTIPOLYGON",
    "GEOMETRYCOLLECTION",
    "GEOMCOLLECTION"
  })
  void shouldSelectSpatialColumnsInTheServersFormSoTheSridIsKept(String typeName) {
    SourceColumn column = new SourceColumn("the `g`", Types.BINARY, typeName, 0, 0, true);

    assertThat(MYSQL.selectColumn(column)).isEqualTo("`the ``g```");
  }

  @Test
  void shouldSelectOtherColumnsByTheirQuotedName() {
    SourceColumn column = new SourceColumn("id", Types.BIGINT, "BIGINT UNSIGNED", 20, 0, false);

    assertThat(MYSQL.selectColumn(column)).isEqualTo("`id`");
    assertThat(new PostgresDialect().selectColumn(column)).isEqualTo("\"id\"");
  }

  @Test
  void shouldNameTheStatementThatRefreshesStatistics() {
    TableRef table = new TableRef("shop", "orders");

    assertThat(MYSQL.analyzeStatement(table)).isEqualTo("ANALYZE TABLE `shop`.`orders`");
    assertThat(new PostgresDialect().analyzeStatement(table))
        .isEqualTo("ANALYZE \"shop\".\"orders\"");
  }
}
