package dev.rivet.launcher.notify;

import java.util.List;

/** The config's {@code notifications:} section: where run events go. */
public record Notifications(List<NotificationTarget> targets) {
  public static final Notifications NONE = new Notifications(List.of());

  public Notifications {
    targets = List.copyOf(targets);
  }

  /** The URLs, which are secrets (Slack's holds its token). */
  public List<String> secrets() {
    return targets.stream().map(NotificationTarget::url).toList();
  }
}
