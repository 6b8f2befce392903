package dev.rivet.launcher.config;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A source URL turned into a JDBC URL plus the credentials it carried: {@code
 * postgresql://user:pw@host:port/db?params} (or {@code postgres://}) becomes {@code
 * jdbc:postgresql://host:port/db?params} with the user and password percent-decoded; a {@code
 * jdbc:postgresql:} URL is used as written.
 *
 * @param user null when the URL names none
 * @param password null when the URL carries none
 */
record SourceUrl(String jdbcUrl, String user, String password) {
  static final String SUPPORTED = "postgresql";

  // scheme://[userinfo@]hosts[/database][?params]; hosts may be a list (h1:5432,h2:5432).
  private static final Pattern LIBPQ_URI =
      Pattern.compile("(?i)(postgres(?:ql)?)://(?:([^@/?]*)@)?([^/?]*)(/[^?]*)?(\\?.*)?");
  private static final Pattern SCHEME = Pattern.compile("(?i)(?:jdbc:)?([a-z][a-z0-9+.-]*):.*");

  /**
   * Parses {@code url}; an {@link IllegalArgumentException} whose message never shows a password.
   */
  static SourceUrl parse(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    if (lower.startsWith("jdbc:postgresql:")) {
      return new SourceUrl(url, null, null);
    }
    Matcher m = LIBPQ_URI.matcher(url);
    if (m.matches()) {
      return fromLibpq(m, url);
    }
    Matcher scheme = SCHEME.matcher(url);
    if (scheme.matches() && !lower.startsWith("postgres")) {
      throw new IllegalArgumentException(
          "'"
              + redact(url)
              + "' uses database '"
              + scheme.group(1)
              + "', which is not supported yet (supported: "
              + SUPPORTED
              + ")");
    }
    throw new IllegalArgumentException(
        "'"
            + redact(url)
            + "' is not a source URL (expected postgresql://user@host:5432/database or"
            + " jdbc:postgresql://...)");
  }

  private static SourceUrl fromLibpq(Matcher m, String url) {
    String hosts = m.group(3);
    if (hosts.isEmpty()) {
      throw new IllegalArgumentException(
          "'" + redact(url) + "' names no host (expected postgresql://user@host:5432/database)");
    }
    String database = m.group(4) == null ? "/" : m.group(4);
    if (hosts.contains("@") || database.contains("@")) {
      throw new IllegalArgumentException(
          "'"
              + redact(url)
              + "' has an unencoded '@' or '/' in its user or password (write '@' as %40 and '/' as"
              + " %2F)");
    }
    String params = m.group(5) == null ? "" : m.group(5);
    String user = null;
    String password = null;
    if (m.group(2) != null) {
      String userInfo = m.group(2);
      int colon = userInfo.indexOf(':');
      user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon), url);
      password = colon < 0 ? null : decode(userInfo.substring(colon + 1), url);
      if (user.isEmpty()) {
        user = null;
      }
    }
    return new SourceUrl("jdbc:postgresql://" + hosts + database + params, user, password);
  }

  /** Percent-decodes as libpq does: unlike form encoding, '+' stays '+'. */
  private static String decode(String text, String url) {
    try {
      return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'" + redact(url) + "' has a malformed %-escape in its user or password");
    }
  }

  /** The URL with any password masked, fit for messages and logs. */
  static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***")
        .replaceAll("(://[^/@:?]*):.*@", "$1:***@");
  }
}
