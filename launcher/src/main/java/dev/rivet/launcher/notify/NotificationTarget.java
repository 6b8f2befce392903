package dev.rivet.launcher.notify;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * One place notifications go.
 *
 * @param kind Slack's incoming webhook (a {@code text} message) or a generic JSON webhook
 * @param url where to POST; a secret (Slack's URL holds its token): never printed
 * @param on the events it wants
 * @param timeout the longest one attempt may take, connecting included
 * @param attempts attempts in all; a 5xx answer, 429 or an I/O failure is tried again
 */
public record NotificationTarget(
    Kind kind, String url, Set<NotificationEvent> on, Duration timeout, int attempts) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_ATTEMPTS = 3;

  public enum Kind {
    SLACK("slack"),
    WEBHOOK("webhook");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    /** The config key, also how messages name the target (never by its URL). */
    public String label() {
      return label;
    }
  }

  public NotificationTarget {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(url, "url");
    on = on.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(on));
    Objects.requireNonNull(timeout, "timeout");
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1");
    }
  }

  @Override
  public String toString() {
    return "NotificationTarget[" + kind.label() + ", on=" + on + "]";
  }
}
