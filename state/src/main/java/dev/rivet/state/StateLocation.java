package dev.rivet.state;

import dev.rivet.kernel.secret.Redaction;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a state store lives, as a JDBC URL ({@code jdbc:sqlite:} or {@code jdbc:postgresql:});
 * serializable so pipeline workers can open their own store. The URL may carry the password: {@link
 * #toString()} and {@link #redacted()} never show it.
 */
public record StateLocation(String jdbcUrl) implements Serializable {
  static final String SQLITE_PREFIX = "jdbc:sqlite:";
  static final String POSTGRES_PREFIX = "jdbc:postgresql:";

  public StateLocation {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    if (!jdbcUrl.startsWith("jdbc:")) {
      throw new IllegalArgumentException("state location is not a JDBC URL: " + redact(jdbcUrl));
    }
  }

  /** An embedded SQLite database in {@code file}, which is created on first use. */
  public static StateLocation sqliteFile(Path file) {
    return new StateLocation(SQLITE_PREFIX + file.toAbsolutePath().normalize());
  }

  public boolean isSqlite() {
    return jdbcUrl.startsWith(SQLITE_PREFIX);
  }

  /** A PostgreSQL database, e.g. {@code jdbc:postgresql://host:5432/db?user=rivet}. */
  public boolean isPostgres() {
    return jdbcUrl.startsWith(POSTGRES_PREFIX);
  }

  /** The URL with any {@code password=} parameter and {@code user:password@} part masked. */
  public String redacted() {
    return redact(jdbcUrl);
  }

  @Override
  public String toString() {
    return "StateLocation[" + redacted() + "]";
  }

  private static String redact(String url) {
    return Redaction.maskUrlCredentials(url);
  }
}
