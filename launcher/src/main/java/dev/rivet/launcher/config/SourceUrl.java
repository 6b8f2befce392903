package dev.rivet.launcher.config;

import dev.rivet.kernel.secret.Redaction;
import dev.rivet.kernel.source.SourceKind;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A source URL turned into a JDBC URL plus the credentials it carried: {@code
 * postgresql://user:pw@host:port/db?params} (or {@code postgres://}) becomes {@code
 * jdbc:postgresql://host:port/db?params}, and {@code mysql://...} or {@code mariadb://...} becomes
 * {@code jdbc:mariadb://host:port/db?params}, with the user and password percent-decoded. A {@code
 * jdbc:postgresql:}, {@code jdbc:mariadb:} or {@code jdbc:mysql:} URL is used as written (the
 * connector opens {@code jdbc:mysql:} with MariaDB Connector/J).
 *
 * @param user null when the URL names none
 * @param password null when the URL carries none
 */
record SourceUrl(String jdbcUrl, String user, String password) {
  /** The database families a source may be: the values of {@code source.type}. */
  static final String POSTGRESQL = "postgresql";

  static final String MYSQL = "mysql";
  static final String MARIADB = "mariadb";

  /** Names of a family other than its {@link SourceKind#wireName()}. */
  private static final Map<String, String> ALIASES = Map.of("postgres", POSTGRESQL, MARIADB, MYSQL);

  private static final List<String> URL_SCHEMES =
      List.of("postgresql", "postgres", "mysql", "mariadb");
  private static final String SUPPORTED =
      "postgresql://, postgres://, mysql://, mariadb://, jdbc:postgresql:, jdbc:mariadb:,"
          + " jdbc:mysql:";
  private static final String EXPECTED =
      "expected postgresql://user@host:5432/database, mysql://user@host:3306/database,"
          + " mariadb://..., or a jdbc:postgresql:, jdbc:mariadb: or jdbc:mysql: URL";

  // scheme://[userinfo@]hosts[/database][?params]; hosts may be a list (h1:5432,h2:5432).
  private static final Pattern URI =
      Pattern.compile(
          "(?i)(postgres(?:ql)?|mysql|mariadb)://(?:([^@/?]*)@)?([^/?]*)(/[^?]*)?(\\?.*)?");
  private static final Pattern SCHEME = Pattern.compile("(?i)(?:jdbc:)?([a-z][a-z0-9+.-]*):.*");

  /**
   * Parses {@code url} and checks its ports ({@link HostList#checkPorts}); an {@link
   * IllegalArgumentException} whose message never shows a password.
   */
  static SourceUrl parse(String url) {
    if (SourceKind.ofJdbcUrl(url).isPresent()) {
      // Drivers match their scheme case-sensitively; the rest of the URL stays as written.
      int schemeEnd = url.indexOf(':', "jdbc:".length());
      String jdbcUrl =
          url.substring(0, schemeEnd).toLowerCase(Locale.ROOT) + url.substring(schemeEnd);
      HostList.checkPorts(jdbcUrl, redact(url));
      return new SourceUrl(jdbcUrl, null, null);
    }
    Matcher m = URI.matcher(url);
    if (m.matches()) {
      SourceUrl parsed = fromUri(m, url);
      HostList.checkPorts(parsed.jdbcUrl(), redact(url));
      return parsed;
    }
    Matcher scheme = SCHEME.matcher(url);
    if (scheme.matches()) {
      String name = scheme.group(1);
      throw new IllegalArgumentException(
          "'"
              + redact(url)
              + "' uses database '"
              + name
              + "', which is not supported"
              + DidYouMean.suffix(name, URL_SCHEMES)
              + " (supported: "
              + SUPPORTED
              + ")");
    }
    throw new IllegalArgumentException(
        "'" + redact(url) + "' is not a source URL (" + EXPECTED + ")");
  }

  /** The database family the JDBC URL reaches. */
  SourceKind family() {
    return SourceKind.forJdbcUrl(jdbcUrl);
  }

  /**
   * The family of a {@code source.type} value or a URL scheme: {@code postgres} is {@code
   * postgresql}, and MariaDB is read as MySQL.
   */
  static SourceKind familyOf(String type) {
    String name = type.toLowerCase(Locale.ROOT);
    return SourceKind.parse(ALIASES.getOrDefault(name, name));
  }

  private static SourceUrl fromUri(Matcher m, String url) {
    SourceKind kind = familyOf(m.group(1));
    String example = kind.wireName() + "://user@host:" + kind.defaultPort() + "/database";
    String hosts = m.group(3);
    if (hosts.isEmpty()) {
      throw new IllegalArgumentException(
          "'" + redact(url) + "' names no host (expected " + example + ")");
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
    String prefix = kind.jdbcSchemes().get(0) + "//";
    return new SourceUrl(prefix + hosts + database + params, user, password);
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
    return Redaction.maskUrlCredentials(url);
  }
}
