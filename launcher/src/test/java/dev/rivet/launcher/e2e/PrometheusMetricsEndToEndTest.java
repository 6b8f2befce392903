package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code metrics_file} and {@code rivet metrics --output prometheus}: after a published and a
 * failed run of one export, the exposition says when it last succeeded, that the newest run failed,
 * what the published run read, and how many runs ended in each status.
 */
class PrometheusMetricsEndToEndTest {
  private static final String TABLE = "rivet_e2e_prom.items";
  private static final Pattern SAMPLE =
      Pattern.compile("^([a-z_]+)\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE);

  @TempDir Path dir;

  @BeforeAll
  static void createTable() throws Exception {
    TestDatabase.execute(
        "DROP SCHEMA IF EXISTS rivet_e2e_prom CASCADE",
        "CREATE SCHEMA rivet_e2e_prom",
        "CREATE TABLE " + TABLE + " (id int PRIMARY KEY, note text)",
        "INSERT INTO " + TABLE + " SELECT g, 'n' || g FROM generate_series(1, 345) g");
  }

  @Test
  @Timeout(180)
  void shouldExposeTheLastSuccessTheNewestFailureAndTheRunCounts() throws Exception {
    Path ok = config("ok.yaml", "");
    Path failing = config("failing.yaml", "    quality:\n      row_count_min: 100000\n");
    Instant before = Instant.now();

    Cli.Result published = Cli.run("run", "-c", ok.toString());
    Cli.Result failed = Cli.run("run", "-c", failing.toString());

    assertThat(published.exitCode()).as(published.toString()).isZero();
    assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(11);
    String file = Files.readString(dir.resolve("metrics/rivet.prom"));
    Map<String, Double> samples = samples(file);
    assertThat(samples)
        .containsEntry("rivet_last_run_success{export=\"items\"}", 0.0)
        .containsEntry("rivet_runs_total{export=\"items\",status=\"succeeded\"}", 1.0)
        .containsEntry("rivet_runs_total{export=\"items\",status=\"failed\"}", 1.0);
    double lastSuccess = samples.get("rivet_last_success_timestamp_seconds{export=\"items\"}");
    assertThat(lastSuccess)
        .isBetween(before.getEpochSecond() - 1.0, Instant.now().getEpochSecond() + 1.0);
    assertThat(file).contains("# TYPE rivet_last_success_timestamp_seconds gauge");
    assertThat(file).contains("# TYPE rivet_runs_total counter");

    Cli.Result command = Cli.run("metrics", "-c", ok.toString(), "--output", "prometheus");
    assertThat(command.exitCode()).as(command.toString()).isZero();
    assertThat(samples(command.out())).isEqualTo(samples);
    // The published run's figures, from the state that recorded what it wrote.
    Cli.Result okOnly =
        Cli.run("metrics", "-c", ok.toString(), "--output", "json", "--export", "items");
    assertThat(okOnly.out()).contains("\"rows\" : 345");
    try (var files = Files.list(dir.resolve("metrics"))) {
      assertThat(files.map(p -> p.getFileName().toString()).toList())
          .as("no temporary file left beside it")
          .containsExactly("rivet.prom");
    }
  }

  private static Map<String, Double> samples(String text) {
    Map<String, Double> samples = new LinkedHashMap<>();
    Matcher m = SAMPLE.matcher(text);
    while (m.find()) {
      samples.put(m.group(1) + "{" + m.group(2) + "}", Double.parseDouble(m.group(3)));
    }
    return samples;
  }

  private Path config(String name, String extra) throws Exception {
    return Files.writeString(
        dir.resolve(name),
        TestDatabase.sourceYaml()
            + "metrics_file: metrics/rivet.prom\n"
            + "exports:\n  - name: items\n    table: "
            + TABLE
            + "\n    destination: "
            + dir.resolve("out")
            + "\n"
            + extra);
  }
}
