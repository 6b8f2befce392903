package dev.rivet.kernel.plan;

import dev.rivet.kernel.secret.Redaction;
import dev.rivet.kernel.source.SourceKind;
import java.io.Serializable;
import java.util.Objects;

/**
 * How to reach the source database. {@link #toString()} never shows the password, and {@link
 * #redactedUrl()} strips credentials embedded in the URL.
 */
public record SourceConnection(String jdbcUrl, String user, String password)
    implements Serializable {
  public SourceConnection {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    if (!jdbcUrl.startsWith("jdbc:")) {
      throw new IllegalArgumentException("not a JDBC URL: " + redact(jdbcUrl));
    }
  }

  /**
   * The database family the URL reaches.
   *
   * @throws IllegalArgumentException for a URL of a database Rivet does not read
   */
  public SourceKind kind() {
    return SourceKind.forJdbcUrl(jdbcUrl);
  }

  /** The URL with any {@code password=} parameter and {@code user:password@} part masked. */
  public String redactedUrl() {
    return redact(jdbcUrl);
  }

  static String redact(String url) {
    return Redaction.maskUrlCredentials(url);
  }

  @Override
  public String toString() {
    return "SourceConnection[" + redactedUrl() + ", user=" + user + "]";
  }
}
