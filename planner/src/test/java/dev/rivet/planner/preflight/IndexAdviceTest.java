package dev.rivet.planner.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.plan.KeyType;
import dev.rivet.kernel.plan.SplitKey;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.planner.mysql.MySqlDialect;
import dev.rivet.planner.postgres.PostgresDialect;
import java.util.List;
import org.junit.jupiter.api.Test;

class IndexAdviceTest {
  private static final TableRef TABLE = new TableRef("app", "orders");

  @Test
  void shouldBuildThePostgresIndexConcurrently() {
    assertThat(
            IndexAdvice.createIndex(
                new PostgresDialect(), TABLE, new SplitKey("updated_at", KeyType.TIMESTAMP)))
        .isEqualTo(
            "CREATE INDEX CONCURRENTLY \"orders_updated_at_idx\" ON \"app\".\"orders\""
                + " (\"updated_at\")");
  }

  @Test
  void shouldBuildTheInnoDbIndexOnlineOrNotAtAll() {
    assertThat(
            IndexAdvice.createIndex(
                new MySqlDialect(), TABLE, new SplitKey("updated_at", KeyType.TIMESTAMP)))
        .isEqualTo(
            "CREATE INDEX `orders_updated_at_idx` ON `app`.`orders` (`updated_at`)"
                + " ALGORITHM=INPLACE LOCK=NONE");
  }

  @Test
  void shouldIndexTheCoalesceOfACursorWithFallbacks() {
    SplitKey key = new SplitKey("updated_at", KeyType.TIMESTAMP, List.of("created_at"));

    assertThat(IndexAdvice.createIndex(new PostgresDialect(), TABLE, key))
        .isEqualTo(
            "CREATE INDEX CONCURRENTLY \"orders_updated_at_created_at_idx\" ON \"app\".\"orders\""
                + " ((COALESCE(\"updated_at\", \"created_at\")))");
  }
}
