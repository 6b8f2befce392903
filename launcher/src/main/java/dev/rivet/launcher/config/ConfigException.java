package dev.rivet.launcher.config;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;

/**
 * A configuration mistake the user must fix: always {@link FailureKind#USER_CONFIG}, with a
 * one-line message naming the file, the position and key path when known, the bad value and what
 * was expected, and a {@link #hint()} saying what to do. Messages never contain secrets.
 */
public final class ConfigException extends RivetException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message, String hint) {
    super(FailureKind.USER_CONFIG, message, hint);
  }

  public ConfigException(String message, String hint, Throwable cause) {
    super(FailureKind.USER_CONFIG, message, hint, cause);
  }
}
