package dev.rivet.launcher.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.plan.Compression;
import dev.rivet.kernel.plan.Format;
import dev.rivet.kernel.plan.InfinityPolicy;
import dev.rivet.kernel.plan.QueryText;
import dev.rivet.kernel.plan.TableRef;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shipped examples must load: the README's demo and docs depend on them. */
class ExampleConfigsTest {
  // Surefire runs with the module directory as working directory.
  private static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();

  @Test
  void shouldLoadMinimalExample() {
    RivetConfig config = ConfigLoader.load(EXAMPLES.resolve("rivet.yaml"), Map.of());

    assertThat(config.source().jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/test");
    assertThat(config.source().user()).isEqualTo("postgres");
    assertThat(config.export("orders").relation()).isEqualTo(new TableRef("rivet_demo", "orders"));
    assertThat(config.export("orders").destination().text())
        .isEqualTo(EXAMPLES.resolve("out").toString());
    assertThat(config.export("orders").format()).isEqualTo(Format.PARQUET);
  }

  @Test
  void shouldLoadFullExampleWithEveryKey() {
    RivetConfig config =
        ConfigLoader.load(EXAMPLES.resolve("full.yaml"), Map.of("SHOP_PG_PASSWORD", "secret"));

    assertThat(config.source().jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/test");
    assertThat(config.source().password()).isEqualTo("secret");
    assertThat(config.stateUrl()).isEqualTo("jdbc:sqlite:" + EXAMPLES.resolve(".rivet/state.db"));
    assertThat(config.exportNames()).containsExactly("orders", "orders_csv", "recent_orders");
    assertThat(config.export("orders").onInfinity()).isEqualTo(InfinityPolicy.FAIL);
    assertThat(config.export("orders").rowGroupBytes()).isEqualTo(128_000_000L);
    assertThat(config.export("orders_csv").compression()).isEqualTo(Compression.GZIP);
    assertThat(config.export("orders_csv").chunkRows()).isEqualTo(500_000L);
    assertThat(config.export("recent_orders").relation()).isInstanceOf(QueryText.class);
    assertThat(config.export("recent_orders").destination().text()).isEqualTo("/tmp/rivet-out");
  }
}
