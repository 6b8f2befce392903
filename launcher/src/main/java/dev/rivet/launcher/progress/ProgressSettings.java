package dev.rivet.launcher.progress;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How a run shows its progress: the mode, and after how long a running chunk gets a heartbeat line
 * off a terminal (and again after each such interval).
 */
public record ProgressSettings(ProgressMode mode, Duration heartbeat) {
  /** The environment variable that sets the heartbeat interval in seconds; 30 when unset. */
  public static final String HEARTBEAT_ENV = "RIVET_PROGRESS_HEARTBEAT_SECONDS";

  /** No progress: what a run embedded in another program shows unless asked. */
  public static final ProgressSettings OFF = new ProgressSettings(ProgressMode.OFF, heartbeat(30));

  public ProgressSettings {
    Objects.requireNonNull(mode, "mode");
    if (heartbeat == null || heartbeat.isNegative() || heartbeat.isZero()) {
      throw new IllegalArgumentException("heartbeat must be positive, not " + heartbeat);
    }
  }

  /**
   * The settings for {@code mode} with the heartbeat interval of {@code env}.
   *
   * @throws RivetException USER_CONFIG when {@value #HEARTBEAT_ENV} is not a whole number of
   *     seconds from 1 to 86400
   */
  public static ProgressSettings of(ProgressMode mode, Map<String, String> env) {
    String text = env.get(HEARTBEAT_ENV);
    if (text == null || text.isBlank()) {
      return new ProgressSettings(mode, heartbeat(30));
    }
    try {
      long seconds = Long.parseLong(text.strip());
      if (seconds >= 1 && seconds <= 86_400) {
        return new ProgressSettings(mode, heartbeat(seconds));
      }
    } catch (NumberFormatException e) {
      // Reported below with the valid range.
    }
    throw new RivetException(
        FailureKind.USER_CONFIG,
        HEARTBEAT_ENV + "='" + text + "' is not a whole number of seconds from 1 to 86400",
        "unset it (30 seconds) or set it to e.g. 60");
  }

  private static Duration heartbeat(long seconds) {
    return Duration.ofSeconds(seconds);
  }
}
