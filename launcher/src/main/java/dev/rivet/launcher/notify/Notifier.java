package dev.rivet.launcher.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Sends run events to the configured targets: one POST per target and run, bounded in time ({@link
 * NotificationTarget#timeout()} per attempt, a second between attempts, doubling) and in attempts.
 * A target that cannot be reached never fails the run: the failure comes back as a line for the
 * summary.
 */
public final class Notifier {
  /** The shape of the generic webhook's JSON body. */
  public static final int SCHEMA_VERSION = 1;

  /**
   * Jackson's mapper, built at the first event sent: every command builds a {@code Notifier} (the
   * {@code run} command's model holds one), and building the mapper loads some 350 classes that
   * {@code --help} or a run without notification targets never uses.
   */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}
  }

  private final List<NotificationTarget> targets;
  private final String version;
  private final UnaryOperator<String> mask;
  private final Duration firstBackoff;
  private HttpClient client;

  /**
   * @param mask masks secrets in the text sent (messages may quote a driver's words)
   */
  public Notifier(List<NotificationTarget> targets, String version, UnaryOperator<String> mask) {
    this(targets, version, mask, Duration.ofSeconds(1));
  }

  Notifier(
      List<NotificationTarget> targets,
      String version,
      UnaryOperator<String> mask,
      Duration firstBackoff) {
    this.targets = List.copyOf(targets);
    this.version = version;
    this.mask = mask;
    this.firstBackoff = firstBackoff;
  }

  /**
   * Sends {@code event} to every target that wants one of its events.
   *
   * @return one line per target that could not be told, e.g. {@code "webhook: HTTP 500 after 3
   *     attempts"}; empty when all were told or none wanted it
   */
  public List<String> send(RunEvent event) {
    List<String> failures = new ArrayList<>();
    for (NotificationTarget target : targets) {
      if (target.on().stream().noneMatch(event.events()::contains)) {
        continue;
      }
      String body = target.kind() == NotificationTarget.Kind.SLACK ? slack(event) : webhook(event);
      String failure = post(target, body);
      if (failure != null) {
        failures.add(target.kind().label() + ": " + failure);
      }
    }
    return failures;
  }

  private String post(NotificationTarget target, String body) {
    URI uri;
    try {
      uri = URI.create(target.url());
    } catch (IllegalArgumentException e) {
      return "the URL is not valid";
    }
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(target.timeout())
            .header("Content-Type", "application/json")
            .header("User-Agent", "rivet/" + version)
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build();
    String last = null;
    Duration backoff = firstBackoff;
    for (int attempt = 1; attempt <= target.attempts(); attempt++) {
      if (attempt > 1) {
        try {
          Thread.sleep(backoff.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return last + " (interrupted)";
        }
        backoff = backoff.multipliedBy(2);
      }
      try {
        HttpResponse<Void> response =
            client(target.timeout()).send(request, HttpResponse.BodyHandlers.discarding());
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
          return null;
        }
        last = "HTTP " + status;
        if (status < 500 && status != 429) {
          return last + " (not retried)";
        }
      } catch (java.net.http.HttpTimeoutException e) {
        last = "no answer within " + target.timeout().toMillis() + " ms";
      } catch (IOException e) {
        last = "cannot reach it (" + e.getClass().getSimpleName() + ")";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "interrupted";
      }
    }
    return last + " after " + target.attempts() + " attempt(s)";
  }

  private HttpClient client(Duration connectTimeout) {
    if (client == null) {
      client =
          HttpClient.newBuilder()
              .connectTimeout(connectTimeout)
              .followRedirects(HttpClient.Redirect.NEVER)
              .build();
    }
    return client;
  }

  /** The generic webhook's body: one JSON object (docs/configuration.md#notifications). */
  String webhook(RunEvent event) {
    ObjectNode json = Json.MAPPER.createObjectNode();
    json.put("schema_version", SCHEMA_VERSION);
    var events = json.putArray("events");
    event.events().stream().sorted().forEach(e -> events.add(e.wireName()));
    json.put("export", event.export());
    json.put("run_id", event.runId());
    json.put("status", event.status());
    json.put("exit_code", event.exitCode());
    json.put("message", mask.apply(event.message()));
    json.put("hint", mask.apply(event.hint()));
    json.put("rows", event.rows());
    json.put("files", event.files());
    json.put("bytes", event.bytes());
    json.put("duration_seconds", event.durationSeconds());
    json.put("output", event.output());
    json.put("host", host());
    json.put("rivet_version", version);
    return json.toString();
  }

  /** Slack's incoming-webhook body: one line of text. */
  String slack(RunEvent event) {
    StringBuilder text = new StringBuilder();
    text.append("rivet: export `")
        .append(event.export())
        .append("` ")
        .append(event.status())
        .append(event.exitCode() == 0 ? "" : " (exit code " + event.exitCode() + ")");
    if (event.runId() != null) {
      text.append(", run ").append(event.runId());
    }
    text.append(" on ").append(host()).append(": ").append(mask.apply(event.message()));
    if (!event.hint().isEmpty()) {
      text.append(" Hint: ").append(mask.apply(event.hint()));
    }
    List<String> names = new ArrayList<>();
    event.events().stream().sorted().forEach(e -> names.add(e.wireName()));
    text.append(" [").append(String.join(", ", names)).append(']');
    ObjectNode json = Json.MAPPER.createObjectNode();
    json.put("text", text.toString());
    return json.toString();
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
    } catch (IOException e) {
      return "unknown-host";
    }
  }
}
