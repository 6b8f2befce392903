package dev.rivet.kernel.plan;

import dev.rivet.kernel.secret.Redaction;
import dev.rivet.kernel.source.SourceDriver;
import dev.rivet.kernel.source.SourceKind;
import dev.rivet.kernel.source.SourceTls;
import dev.rivet.kernel.source.SshRoute;
import java.io.Serializable;
import java.util.Objects;

/**
 * How to reach the source database. {@link #toString()} never shows the password, and {@link
 * #redactedUrl()} strips credentials embedded in the URL.
 *
 * @param tls the {@code source.tls} section ({@link SourceTls#NONE} when absent)
 * @param driver the {@code source.driver} override, or null for the driver Rivet ships
 * @param ssh the SSH servers the database is reached through, or null for a direct connection
 */
public record SourceConnection(
    String jdbcUrl, String user, String password, SourceTls tls, SourceDriver driver, SshRoute ssh)
    implements Serializable {
  public SourceConnection {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(tls, "tls");
    if (!jdbcUrl.startsWith("jdbc:")) {
      throw new IllegalArgumentException("not a JDBC URL: " + redact(jdbcUrl));
    }
  }

  /** A direct connection without a {@code source.tls} section and with Rivet's own driver. */
  public SourceConnection(String jdbcUrl, String user, String password) {
    this(jdbcUrl, user, password, SourceTls.NONE, null, null);
  }

  public SourceConnection withTls(SourceTls tls) {
    return new SourceConnection(jdbcUrl, user, password, tls, driver, ssh);
  }

  public SourceConnection withDriver(SourceDriver driver) {
    return new SourceConnection(jdbcUrl, user, password, tls, driver, ssh);
  }

  /** This connection, reached through {@code route} (null: directly). */
  public SourceConnection withSsh(SshRoute route) {
    return new SourceConnection(jdbcUrl, user, password, tls, driver, route);
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
    return "SourceConnection["
        + redactedUrl()
        + ", user="
        + user
        + (ssh == null ? "" : ", ssh=" + ssh.describe())
        + "]";
  }
}
