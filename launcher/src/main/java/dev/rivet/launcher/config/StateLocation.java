package dev.rivet.launcher.config;

import dev.rivet.kernel.source.SourceKind;
import dev.rivet.kernel.source.SourceTls;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Decides the state store's JDBC URL: {@code RIVET_STATE_URL} when set, else the file's {@code
 * state} key, else {@code <config dir>/.rivet/state.db}. A file path or {@code jdbc:sqlite:} URL
 * names a SQLite file; a {@code jdbc:postgresql:} URL or {@code postgresql://user[:password]@host
 * [:port]/database} names a PostgreSQL database, whose user and password become URL parameters. A
 * password in the URL wins; else {@code RIVET_STATE_PASSWORD} supplies it. The URL is only ever
 * shown redacted.
 */
final class StateLocation {
  static final String ENV = "RIVET_STATE_URL";
  static final String PASSWORD_ENV = "RIVET_STATE_PASSWORD";
  private static final String SQLITE = "jdbc:sqlite:";
  private static final Pattern POSTGRES =
      Pattern.compile("(?i)(jdbc:postgresql:|postgres(ql)?://).*");
  private static final Pattern HAS_PASSWORD = Pattern.compile("(?i)[?&]password=");
  private static final String EXAMPLES =
      "a file path such as .rivet/state.db, jdbc:sqlite:/abs/path/state.db, or a PostgreSQL URL"
          + " such as postgresql://rivet@db:5432/rivet";

  private static final List<String> KEYS = ConfigKeys.STATE.names();

  private StateLocation() {}

  static String resolve(ConfigNode state) {
    if (state.isSet() && state.isMapping()) {
      ConfigMapping mapping = state.mapping(KEYS);
      return resolveUrl(mapping.get("url"));
    }
    return resolveUrl(state);
  }

  /**
   * The {@code tls} and {@code ssh} of the mapping form of {@code state}, for the store at {@code
   * url} (as {@link #resolve} decided it): they apply to a PostgreSQL store only.
   */
  static StateReach reach(ConfigNode state, String url) {
    if (!state.isSet() || !state.isMapping()) {
      return StateReach.DIRECT;
    }
    ConfigMapping mapping = state.mapping(KEYS);
    boolean postgres = url.startsWith("jdbc:postgresql:");
    for (String key : List.of("tls", "ssh")) {
      if (mapping.has(key) && !postgres) {
        throw mapping
            .get(key)
            .error(
                "applies to a PostgreSQL state store, but the state store is the SQLite file "
                    + url.substring(SQLITE.length())
                    + (mapping.has("url") ? "" : " (state.url is not set)"),
                "remove state."
                    + key
                    + ", or set state.url (or "
                    + ENV
                    + ") to a postgresql:// URL");
      }
    }
    if (!postgres) {
      return StateReach.DIRECT;
    }
    SourceTls tls = TlsReader.read(mapping, SourceKind.forJdbcUrl(url), url);
    if (tls.hasClientCertificate() && tls.mode().verifiesServer() && tls.caFile() == null) {
      throw mapping
          .get("tls")
          .error(
              "client_cert_file with mode "
                  + tls.mode().wireName()
                  + " needs ca_file on PostgreSQL (pgjdbc reads client certificates only with its"
                  + " own CA file)",
              "set state.tls.ca_file to the PEM file of the CA that signed the server's"
                  + " certificate");
    }
    return new StateReach(tls, SshReader.read(mapping));
  }

  private static String resolveUrl(ConfigNode state) {
    ConfigFile file = state.file();
    String password = file.env().get(PASSWORD_ENV);
    String override = file.env().get(ENV);
    if (override != null && !override.isBlank()) {
      try {
        return toUrl(override.strip(), Path.of("").toAbsolutePath(), password);
      } catch (HostList.BadPort e) {
        throw new ConfigException("environment variable " + ENV + ": " + e.getMessage(), e.hint());
      } catch (IllegalArgumentException e) {
        throw new ConfigException(
            "environment variable " + ENV + ": " + e.getMessage(),
            "set " + ENV + " to " + EXAMPLES + ", or unset it");
      }
    }
    if (!state.isSet()) {
      return SQLITE + file.resolve(".rivet/state.db");
    }
    try {
      return toUrl(state.text(), file.directory(), password);
    } catch (HostList.BadPort e) {
      throw state.error(e.getMessage(), e.hint());
    } catch (IllegalArgumentException e) {
      throw state.error(e.getMessage(), "write " + EXAMPLES);
    }
  }

  /** A {@code jdbc:sqlite:} URL is kept as written; a path is resolved against {@code base}. */
  private static String toUrl(String text, Path base, String password) {
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.startsWith(SQLITE)) {
      return text;
    }
    if (POSTGRES.matcher(text).matches()) {
      return postgres(text, password);
    }
    if (lower.startsWith("jdbc:") || text.matches("[A-Za-z][A-Za-z0-9+.-]+://.*")) {
      throw new IllegalArgumentException(
          "'"
              + SourceUrl.redact(text)
              + "' is not supported; the state store is a SQLite file (a path or"
              + " jdbc:sqlite:<path>) or a PostgreSQL database (jdbc:postgresql://host/database or"
              + " postgresql://user@host/database)");
    }
    try {
      return SQLITE + base.resolve(text).normalize();
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a valid file path: " + e.getReason());
    }
  }

  private static String postgres(String text, String passwordFromEnv) {
    SourceUrl url = SourceUrl.parse(text);
    String jdbc = url.jdbcUrl();
    if (url.user() != null) {
      jdbc = withParameter(jdbc, "user", url.user());
    }
    if (url.password() != null) {
      jdbc = withParameter(jdbc, "password", url.password());
    } else if (passwordFromEnv != null
        && !passwordFromEnv.isEmpty()
        && !HAS_PASSWORD.matcher(jdbc).find()) {
      jdbc = withParameter(jdbc, "password", passwordFromEnv);
    }
    return jdbc;
  }

  /** The driver URL-decodes parameter values, so they are encoded here. */
  private static String withParameter(String url, String name, String value) {
    return url
        + (url.contains("?") ? "&" : "?")
        + name
        + "="
        + URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
