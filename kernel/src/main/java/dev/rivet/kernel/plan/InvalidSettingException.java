package dev.rivet.kernel.plan;

/**
 * A setting an export record rejects, naming the config key it comes from (e.g. {@code
 * retries.max_backoff}) so that the config reader can point at the line that set it; the message
 * describes the value and the valid range without the key.
 */
public final class InvalidSettingException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String key;
  private final String hint;

  public InvalidSettingException(String key, String message, String hint) {
    super(message);
    this.key = key;
    this.hint = hint;
  }

  /** The config key path within an export, e.g. {@code chunk_rows} or {@code retries.backoff}. */
  public String key() {
    return key;
  }

  /** What to do about it. */
  public String hint() {
    return hint;
  }
}
