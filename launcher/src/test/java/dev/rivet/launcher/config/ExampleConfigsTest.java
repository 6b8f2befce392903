package dev.rivet.launcher.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.plan.ChunkBy;
import dev.rivet.kernel.plan.ChunkedMode;
import dev.rivet.kernel.plan.Compression;
import dev.rivet.kernel.plan.FileRotation;
import dev.rivet.kernel.plan.Format;
import dev.rivet.kernel.plan.IncrementalMode;
import dev.rivet.kernel.plan.InfinityPolicy;
import dev.rivet.kernel.plan.MetaColumns;
import dev.rivet.kernel.plan.OnQualityFailure;
import dev.rivet.kernel.plan.QualityContract;
import dev.rivet.kernel.plan.QueryText;
import dev.rivet.kernel.plan.RetrySettings;
import dev.rivet.kernel.plan.SchemaDriftPolicy;
import dev.rivet.kernel.plan.ShapeDriftSettings;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.kernel.plan.TimeWindowMode;
import dev.rivet.kernel.plan.ZeroDatePolicy;
import dev.rivet.kernel.source.TlsMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

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
        ConfigLoader.load(
            EXAMPLES.resolve("full.yaml"),
            Map.of(
                "SHOP_PG_PASSWORD",
                "secret",
                "RIVET_SLACK_WEBHOOK",
                "https://hooks.slack.com/services/T0/B0/example"));

    assertThat(config.source().jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/test");
    assertThat(config.source().password()).isEqualTo("secret");
    assertThat(config.stateUrl()).isEqualTo("jdbc:sqlite:" + EXAMPLES.resolve(".rivet/state.db"));
    assertThat(config.exportNames())
        .containsExactly(
            "orders",
            "orders_csv",
            "recent_orders",
            "orders_incremental",
            "orders_by_day",
            "orders_checked",
            "orders_last_week");
    assertThat(config.export("orders_checked").quality().uniqueColumns())
        .containsExactly(List.of("id"));
    assertThat(config.export("orders_checked").metaColumns())
        .isEqualTo(new MetaColumns(true, true, true, List.of("id", "status")));
    assertThat(config.notifications().targets()).hasSize(2);
    assertThat(config.metricsFile()).isEqualTo(EXAMPLES.resolve(".rivet/rivet.prom"));
    assertThat(config.export("orders").onInfinity()).isEqualTo(InfinityPolicy.FAIL);
    assertThat(config.export("orders").rowGroupBytes()).isEqualTo(128_000_000L);
    assertThat(config.export("orders").rotation())
        .isEqualTo(new FileRotation(256L * 1024 * 1024, 1_000_000L));
    assertThat(config.export("orders").parallelism()).isEqualTo(4);
    assertThat(config.export("orders").pauseBetweenChunksMillis()).isZero();
    assertThat(config.export("orders_csv").onZeroDate()).isEqualTo(ZeroDatePolicy.NULL);
    assertThat(config.export("orders_csv").retry()).isEqualTo(RetrySettings.DEFAULT);
    assertThat(config.export("orders_csv").compression()).isEqualTo(Compression.GZIP);
    assertThat(config.export("orders_csv").chunkRows()).isEqualTo(500_000L);
    assertThat(config.export("recent_orders").relation()).isInstanceOf(QueryText.class);
    assertThat(config.export("recent_orders").destination().text()).isEqualTo("/tmp/rivet-out");
    assertThat(config.export("orders_incremental").mode()).isInstanceOf(IncrementalMode.class);
    assertThat(config.export("orders_by_day").mode())
        .isInstanceOfSatisfying(ChunkedMode.class, m -> assertThat(m.by()).isEqualTo(ChunkBy.DAY));
    assertThat(config.export("orders_last_week").mode()).isInstanceOf(TimeWindowMode.class);
    assertThat(config.storage().s3().region()).isEqualTo("eu-west-1");
    assertThat(config.storage().gcs().project()).isEqualTo("my-project");
  }

  @Test
  void shouldLoadTheChangeExampleWithDriftPoliciesContractsAndLineageColumns() {
    RivetConfig config = ConfigLoader.load(EXAMPLES.resolve("change.yaml"), Map.of());

    assertThat(config.export("orders_checked").onSchemaDrift()).isEqualTo(SchemaDriftPolicy.FAIL);
    assertThat(config.export("orders_status_warned").onSchemaDrift())
        .isEqualTo(SchemaDriftPolicy.WARN);
    assertThat(config.export("orders_checked").metaColumns())
        .isEqualTo(new MetaColumns(true, true, true, List.of("id", "status")));
    assertThat(config.export("orders_status_warned").shapeDrift())
        .isEqualTo(new ShapeDriftSettings(3.0, 0.1));
    assertThat(config.export("orders_checked").shapeDrift()).isEqualTo(ShapeDriftSettings.DEFAULT);

    QualityContract checked = config.export("orders_checked").quality();
    assertThat(checked.onFailure()).isEqualTo(OnQualityFailure.FAIL);
    assertThat(checked.rowCountMin()).isEqualTo(1L);
    assertThat(checked.rowCountChangeMax()).isEqualTo(0.5);
    assertThat(checked.nullRatioMax()).isEqualTo(Map.of("customer_id", 0.0));
    assertThat(checked.uniqueColumns()).containsExactly(List.of("id"));
    QualityContract warned = config.export("orders_status_warned").quality();
    assertThat(warned.onFailure()).isEqualTo(OnQualityFailure.WARN);
    assertThat(warned.uniqueColumns()).containsExactly(List.of("id", "customer_id"));
    assertThat(warned.acceptedValues())
        .isEqualTo(Map.of("status", List.of("new", "paid", "shipped", "cancelled")));
  }

  @Test
  void shouldLoadOneExamplePerModeDestinationAndStateBackend() {
    RivetConfig incremental =
        ConfigLoader.load(EXAMPLES.resolve("modes/incremental.yaml"), Map.of());
    assertThat(incremental.export("orders_incremental").mode()).isInstanceOf(IncrementalMode.class);
    assertThat(incremental.export("orders_incremental").destination().text())
        .isEqualTo(EXAMPLES.resolve("out").toString());
    assertThat(
            ConfigLoader.load(EXAMPLES.resolve("modes/chunked.yaml"), Map.of())
                .export("orders_by_month")
                .mode())
        .isInstanceOfSatisfying(
            ChunkedMode.class, m -> assertThat(m.by()).isEqualTo(ChunkBy.MONTH));
    assertThat(
            ConfigLoader.load(EXAMPLES.resolve("modes/time_window.yaml"), Map.of())
                .export("orders_last_30_days")
                .mode())
        .isInstanceOf(TimeWindowMode.class);
    assertThat(
            ConfigLoader.load(EXAMPLES.resolve("destinations/stdout.yaml"), Map.of())
                .export("orders_csv")
                .format())
        .isEqualTo(Format.CSV);
    assertThat(
            ConfigLoader.load(EXAMPLES.resolve("destinations/s3.yaml"), Map.of())
                .storage()
                .s3()
                .region())
        .isEqualTo("eu-west-1");
    assertThat(
            ConfigLoader.load(EXAMPLES.resolve("destinations/gcs.yaml"), Map.of())
                .storage()
                .gcs()
                .project())
        .isEqualTo("my-project");
    assertThat(ConfigLoader.load(EXAMPLES.resolve("state-postgresql.yaml"), Map.of()).stateUrl())
        .startsWith("jdbc:postgresql://127.0.0.1:5432/test");
  }

  /**
   * The Kubernetes example (a Secret, a ConfigMap holding rivet.yaml, a CronJob) loads: its config
   * with the environment the CronJob gives the container, which puts the state in PostgreSQL.
   */
  @Test
  void shouldLoadTheKubernetesExampleConfigWithTheCronJobsEnvironment(@TempDir Path dir)
      throws IOException {
    List<Map<String, Object>> docs = new ArrayList<>();
    for (Object doc :
        new Yaml().loadAll(Files.readString(EXAMPLES.resolve("kubernetes/cronjob.yaml")))) {
      docs.add(map(doc));
    }
    assertThat(docs)
        .extracting(d -> d.get("kind"))
        .containsExactly("Secret", "ConfigMap", "CronJob");
    Path config =
        Files.writeString(
            dir.resolve("rivet.yaml"), (String) map(docs.get(1).get("data")).get("rivet.yaml"));
    Map<String, Object> container =
        map(
            ((List<?>)
                    map(map(map(map(map(docs.get(2).get("spec")).get("jobTemplate")).get("spec"))
                                .get("template"))
                            .get("spec"))
                        .get("containers"))
                .get(0));
    Map<String, String> env = new HashMap<>();
    for (Object variable : (List<?>) container.get("env")) {
      Map<String, Object> entry = map(variable);
      // Values from the Secret are placeholders here, as the kubelet would fill them in.
      env.put(
          (String) entry.get("name"), String.valueOf(entry.getOrDefault("value", "from-secret")));
    }

    RivetConfig loaded = ConfigLoader.load(config, env);

    assertThat(loaded.export("orders").mode()).isInstanceOf(IncrementalMode.class);
    assertThat(loaded.storage().s3().region()).isEqualTo("eu-west-1");
    assertThat(loaded.stateUrl()).startsWith("jdbc:postgresql://statedb:5432/rivet");
    assertThat(loaded.stateReach().tls().mode()).isEqualTo(TlsMode.VERIFY_FULL);
    assertThat(container.get("args"))
        .isEqualTo(List.of("run", "-c", "/config/rivet.yaml", "--export", "orders"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object yaml) {
    assertThat(yaml).isInstanceOf(Map.class);
    return (Map<String, Object>) yaml;
  }

  /** A config added to examples/ must get a test above: the docs promise every example loads. */
  @Test
  void shouldTestEveryExampleConfig() throws IOException {
    try (Stream<Path> files = Files.walk(EXAMPLES)) {
      List<String> configs =
          files
              .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
              .filter(f -> !EXAMPLES.relativize(f).startsWith("out"))
              .map(f -> EXAMPLES.relativize(f).toString())
              .sorted()
              .toList();
      assertThat(configs)
          .containsExactly(
              "change.yaml",
              "destinations/gcs.yaml",
              "destinations/s3.yaml",
              "destinations/stdout.yaml",
              "full.yaml",
              "kubernetes/cronjob.yaml",
              "modes/chunked.yaml",
              "modes/incremental.yaml",
              "modes/time_window.yaml",
              "rivet.yaml",
              "state-postgresql.yaml");
    }
  }
}
