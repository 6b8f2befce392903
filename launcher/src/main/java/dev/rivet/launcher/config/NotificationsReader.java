package dev.rivet.launcher.config;

import dev.rivet.launcher.notify.NotificationEvent;
import dev.rivet.launcher.notify.NotificationTarget;
import dev.rivet.launcher.notify.Notifications;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Reads the top-level {@code notifications:} section. */
final class NotificationsReader {
  static final List<String> KEYS = ConfigKeys.NOTIFICATIONS.names();
  static final List<String> SLACK_KEYS = ConfigKeys.SLACK.names();
  static final List<String> WEBHOOK_KEYS = ConfigKeys.WEBHOOK.names();
  private static final long MAX_TIMEOUT_MILLIS = 60_000;
  private static final int MAX_ATTEMPTS = 10;

  private NotificationsReader() {}

  static Notifications read(ConfigNode node) {
    if (!node.isSet()) {
      return Notifications.NONE;
    }
    ConfigMapping section = node.mapping(KEYS);
    List<NotificationTarget> targets = new ArrayList<>();
    if (section.has("slack")) {
      ConfigMapping slack = section.get("slack").mapping(SLACK_KEYS);
      slack.oneOf(true, "webhook_url_env", "webhook_url_file");
      String url = StorageReader.secret(slack, "webhook_url_env", "webhook_url_file");
      ConfigNode urlNode =
          slack.get(slack.has("webhook_url_env") ? "webhook_url_env" : "webhook_url_file");
      targets.add(target(NotificationTarget.Kind.SLACK, slack, checkedUrl(urlNode, url)));
    }
    if (section.has("webhook")) {
      ConfigMapping webhook = section.get("webhook").mapping(WEBHOOK_KEYS);
      String key = webhook.oneOf(true, "url", "url_env").orElseThrow();
      String url;
      if (key.equals("url")) {
        url = webhook.get("url").text();
      } else {
        ConfigNode env = webhook.get("url_env");
        url = env.file().env().get(env.text());
        if (url == null || url.isEmpty()) {
          throw env.error(
              "environment variable '" + env.text() + "' is " + (url == null ? "not set" : "empty"),
              "export " + env.text() + "=<webhook URL> before running rivet, or fix the name");
        }
      }
      targets.add(
          target(NotificationTarget.Kind.WEBHOOK, webhook, checkedUrl(webhook.get(key), url)));
    }
    return new Notifications(targets);
  }

  private static NotificationTarget target(
      NotificationTarget.Kind kind, ConfigMapping m, String url) {
    Set<NotificationEvent> on = EnumSet.of(NotificationEvent.FAILURE);
    if (m.has("on")) {
      ConfigNode onNode = m.get("on");
      List<ConfigNode> items = onNode.isList() ? onNode.list() : List.of(onNode);
      on = EnumSet.noneOf(NotificationEvent.class);
      for (ConfigNode item : items) {
        on.add(item.choice(NotificationEvent.values(), NotificationEvent::wireName));
      }
      if (on.isEmpty()) {
        throw onNode.error(
            "lists no event",
            "list at least one of failure, schema_drift, quality, degraded, success, or remove"
                + " the target");
      }
    }
    Duration timeout =
        m.has("timeout")
            ? Duration.ofMillis(Math.max(1, m.get("timeout").durationMillis(MAX_TIMEOUT_MILLIS)))
            : NotificationTarget.DEFAULT_TIMEOUT;
    int attempts =
        m.has("attempts")
            ? (int) m.get("attempts").integer(1, MAX_ATTEMPTS)
            : NotificationTarget.DEFAULT_ATTEMPTS;
    return new NotificationTarget(kind, url, on, timeout, attempts);
  }

  /** The URL when it is an absolute http(s) URL; an error that never shows it otherwise. */
  private static String checkedUrl(ConfigNode node, String url) {
    String scheme;
    String host;
    try {
      URI uri = new URI(url.strip());
      scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      host = uri.getHost();
    } catch (URISyntaxException e) {
      scheme = "";
      host = null;
    }
    if (!(scheme.equals("http") || scheme.equals("https")) || host == null) {
      throw node.error(
          "the webhook URL is not an absolute http:// or https:// URL (not shown: it may hold a"
              + " token)",
          "give the full URL, e.g. https://hooks.slack.com/services/...");
    }
    return url.strip();
  }
}
