package dev.rivet.kernel.secret;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Masks secrets in text that is about to be printed, logged or stored: every known secret value,
 * and credentials written the way URLs carry them wherever they appear in the text ({@code
 * password=…} and any {@code …password=…} parameter, {@code scheme://user:password@host}). The one
 * home of masking: a message from a driver, a library or an exception passes through here before it
 * leaves the process.
 */
public final class Redaction {
  /** What a secret is replaced with. */
  public static final String MASK = "***";

  /**
   * Known secrets shorter than this are not masked as free text: a two-letter password would mask
   * every occurrence of those letters. URL-shaped credentials are masked whatever their length.
   */
  public static final int MIN_SECRET_LENGTH = 4;

  // The value runs to the next separator; a colon ends it only before a space or the end, so that
  // "password=x: created" keeps its colon while a password holding colons is masked whole. A name
  // ending in env (password_env, --password-env) holds the name of an environment variable, not a
  // secret, and is left alone, so usage text such as "[--password-env=VAR]" stays whole.
  private static final Pattern PASSWORD_PARAMETER =
      Pattern.compile(
          "(?i)(\\b[a-z0-9_.-]*(?:password|passwd|pwd|secret)[a-z0-9_.-]*(?<![_.-]env)=)"
              + "[^&;\\s,)'\"]+?(?=[&;\\s,)'\"]|:\\s|:$|$)");
  private static final Pattern URL_USER_INFO =
      Pattern.compile("(?i)(\\b[a-z][a-z0-9+.-]*://[^\\s/:@?#]*):\\S*@");

  private static final Redaction URL_CREDENTIALS_ONLY = new Redaction(List.of());

  private final List<String> secrets;

  private Redaction(List<String> secrets) {
    this.secrets = secrets;
  }

  /** Masks {@code secrets} (those of at least {@link #MIN_SECRET_LENGTH} characters) too. */
  public static Redaction of(Collection<String> secrets) {
    return new Redaction(
        secrets.stream()
            .filter(Objects::nonNull)
            .filter(s -> s.length() >= MIN_SECRET_LENGTH)
            .distinct()
            // Longest first, so a secret that contains another is masked whole.
            .sorted(Comparator.comparingInt(String::length).reversed())
            .toList());
  }

  /** Masks only URL-shaped credentials. */
  public static Redaction urlCredentials() {
    return URL_CREDENTIALS_ONLY;
  }

  /** {@code text} with URL-shaped credentials masked; null stays null. */
  public static String maskUrlCredentials(String text) {
    return URL_CREDENTIALS_ONLY.apply(text);
  }

  /** {@code text} with every known secret and every URL-shaped credential masked. */
  public String apply(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String masked = text;
    for (String secret : secrets) {
      masked = masked.replace(secret, MASK);
    }
    masked = PASSWORD_PARAMETER.matcher(masked).replaceAll("$1" + MASK);
    return URL_USER_INFO.matcher(masked).replaceAll("$1:" + MASK + "@");
  }

  /** Whether there is anything to mask besides URL-shaped credentials. */
  public boolean knowsSecrets() {
    return !secrets.isEmpty();
  }
}
