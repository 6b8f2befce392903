package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Notifications against a real local HTTP server that records every request: which events reach
 * which target, the payloads, retries on a failing server, a bounded wait on a silent one, and that
 * neither a failed notification nor its URL (a secret) ever changes the run or reaches the output.
 */
class NotificationsEndToEndTest {
  private static final String TABLE = "rivet_e2e_notify.items";
  private static final String TOKEN = "T0KEN-xoxb-secret-path";

  private record Request(String path, String body) {}

  @TempDir Path dir;
  private HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger status = new AtomicInteger(200);
  private volatile long delayMillis;

  @BeforeAll
  static void createTable() throws Exception {
    TestDatabase.execute(
        "DROP SCHEMA IF EXISTS rivet_e2e_notify CASCADE",
        "CREATE SCHEMA rivet_e2e_notify",
        "CREATE TABLE " + TABLE + " (id int PRIMARY KEY, note text)",
        "INSERT INTO " + TABLE + " SELECT g, 'n' || g FROM generate_series(1, 120) g");
  }

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          requests.add(new Request(exchange.getRequestURI().getPath(), body));
          try {
            Thread.sleep(delayMillis);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.sendResponseHeaders(status.get(), -1);
          exchange.close();
        });
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  @Test
  @Timeout(120)
  void aPublishedRunShouldReachOnlyTheTargetsThatAskForSuccess() throws Exception {
    Files.writeString(dir.resolve("slack-url"), url("/slack/" + TOKEN) + "\n");
    Path config =
        config(
            "",
            "notifications:\n"
                + "  slack:\n    webhook_url_file: slack-url\n    on: [failure]\n"
                + "  webhook:\n    url: "
                + url("/hook/" + TOKEN)
                + "\n    on: [success, schema_drift]\n");

    Cli.Result run = Cli.run("run", "-c", config.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(requests).hasSize(1);
    assertThat(requests.get(0).path()).isEqualTo("/hook/" + TOKEN);
    JsonNode body = new ObjectMapper().readTree(requests.get(0).body());
    assertThat(body.path("schema_version").asInt()).isEqualTo(1);
    assertThat(body.path("events").toString()).isEqualTo("[\"success\"]");
    assertThat(body.path("export").asText()).isEqualTo("items");
    assertThat(body.path("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(body.path("exit_code").asInt()).isZero();
    assertThat(body.path("rows").asLong())
        .isEqualTo(120)
        .isEqualTo(Long.parseLong(TestDatabase.queryString("SELECT count(*) FROM " + TABLE)));
    assertThat(body.path("run_id").asText()).isNotBlank();
    assertThat(run.out() + run.err()).doesNotContain(TOKEN);
  }

  @Test
  @Timeout(120)
  void aFailedRunShouldReachTheTargetsThatAskForFailureOrQuality() throws Exception {
    Files.writeString(dir.resolve("slack-url"), url("/slack/" + TOKEN));
    Path config =
        config(
            "    quality:\n      row_count_min: 1000\n",
            "notifications:\n"
                + "  slack:\n    webhook_url_file: slack-url\n    on: [quality]\n"
                + "  webhook:\n    url: "
                + url("/hook")
                + "\n    on: [success]\n");

    Cli.Result run = Cli.run("run", "-c", config.toString());

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(11);
    assertThat(requests).hasSize(1);
    assertThat(requests.get(0).path()).isEqualTo("/slack/" + TOKEN);
    String text = new ObjectMapper().readTree(requests.get(0).body()).path("text").asText();
    assertThat(text)
        .contains("rivet: export `items` FAILED (exit code 11)")
        .contains("row_count_min")
        .endsWith("[failure, quality]");
  }

  @Test
  @Timeout(120)
  void aFailingTargetShouldBeRetriedThenReportedWithoutFailingTheRun() throws Exception {
    status.set(503);
    Path config =
        config(
            "",
            "notifications:\n  webhook:\n    url: "
                + url("/hook/" + TOKEN)
                + "\n    on: [success]\n    attempts: 2\n");

    Cli.Result run = Cli.run("run", "-c", config.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(requests).hasSize(2);
    assertThat(requests.get(0).body()).isEqualTo(requests.get(1).body());
    assertThat(run.out()).contains("notification not sent: webhook: HTTP 503 after 2 attempt(s)");
    assertThat(run.out() + run.err()).doesNotContain(TOKEN);
  }

  @Test
  @Timeout(120)
  void aSilentTargetShouldCostNoMoreThanItsTimeout() throws Exception {
    delayMillis = 20_000;
    Path config =
        config(
            "",
            "notifications:\n  webhook:\n    url: "
                + url("/hook")
                + "\n    on: [success]\n    attempts: 1\n    timeout: 300ms\n");

    long start = System.nanoTime();
    Cli.Result run = Cli.run("run", "-c", config.toString());
    long seconds = (System.nanoTime() - start) / 1_000_000_000;

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out()).contains("notification not sent: webhook: no answer within 300 ms");
    // Far below the server's 20 s: the run did not wait for it.
    assertThat(seconds).isLessThan(15);
  }

  @Test
  void badNotificationSettingsShouldBeConfigErrorsThatNeverShowTheUrl() throws Exception {
    Path unknownEvent =
        config("", "notifications:\n  webhook:\n    url: " + url("/h") + "\n    on: [sucess]\n");
    Path notHttp = config("", "notifications:\n  webhook:\n    url: ftp://host/" + TOKEN + "\n");
    Path neither = config("", "notifications:\n  slack:\n    on: [failure]\n");

    Cli.Result a = Cli.run("plan", "-c", unknownEvent.toString());
    Cli.Result b = Cli.run("plan", "-c", notHttp.toString());
    Cli.Result c = Cli.run("plan", "-c", neither.toString());

    assertThat(a.exitCode()).isEqualTo(2);
    assertThat(a.err()).contains("notifications.webhook.on").contains("sucess");
    assertThat(b.exitCode()).isEqualTo(2);
    assertThat(b.err()).contains("notifications.webhook.url").contains("http://");
    assertThat(b.err()).doesNotContain(TOKEN);
    assertThat(c.exitCode()).isEqualTo(2);
    assertThat(c.err()).contains("webhook_url_env, webhook_url_file");
    assertThat(requests).isEmpty();
  }

  private Path config(String exportExtra, String notifications) throws IOException {
    return Files.writeString(
        dir.resolve("rivet-" + System.nanoTime() + ".yaml"),
        TestDatabase.sourceYaml()
            + notifications
            + "exports:\n  - name: items\n    table: "
            + TABLE
            + "\n    destination: "
            + dir.resolve("out")
            + "\n"
            + exportExtra);
  }
}
