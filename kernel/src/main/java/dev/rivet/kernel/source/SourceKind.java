package dev.rivet.kernel.source;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Which database family a source is. The one place that knows a family's JDBC URL schemes, its name
 * in stored plans and its default chunk size; everything that differs further between databases is
 * found from this value (the planner's dialect, the pipeline's value readers).
 */
public enum SourceKind {
  /** PostgreSQL, read with pgjdbc. */
  POSTGRESQL("postgresql", List.of("jdbc:postgresql:"), 5432, 500_000, true),
  /** MySQL 8 and MariaDB 10.x, both read with MariaDB Connector/J. */
  MYSQL("mysql", List.of("jdbc:mariadb:", "jdbc:mysql:"), 3306, 50_000, false);

  private final String wireName;
  private final List<String> jdbcSchemes;
  private final int defaultPort;
  private final long defaultChunkRows;
  private final boolean sharesSnapshots;

  SourceKind(
      String wireName,
      List<String> jdbcSchemes,
      int defaultPort,
      long defaultChunkRows,
      boolean sharesSnapshots) {
    this.sharesSnapshots = sharesSnapshots;
    this.wireName = wireName;
    this.jdbcSchemes = jdbcSchemes;
    this.defaultPort = defaultPort;
    this.defaultChunkRows = defaultChunkRows;
  }

  /**
   * Whether one transaction's snapshot can be exported and imported by other connections ({@code
   * consistency: snapshot}): PostgreSQL's {@code pg_export_snapshot()}; MySQL and MariaDB have no
   * such thing (a consistent snapshot belongs to one connection).
   */
  public boolean sharesSnapshots() {
    return sharesSnapshots;
  }

  /** The server's standard TCP port, used when a URL or config names none. */
  public int defaultPort() {
    return defaultPort;
  }

  /** The name stored in plans and printed in reports: {@code postgresql} or {@code mysql}. */
  public String wireName() {
    return wireName;
  }

  /**
   * Rows per chunk query when the export does not say. MySQL and MariaDB stream a chunk as one
   * statement that stays active until its last row is sent (PostgreSQL's fetch-size portal does
   * not), so their smaller chunks keep each statement short.
   */
  public long defaultChunkRows() {
    return defaultChunkRows;
  }

  /**
   * The JDBC URL prefixes of this family, the one Rivet writes first, e.g. {@code
   * jdbc:postgresql:}.
   */
  public List<String> jdbcSchemes() {
    return jdbcSchemes;
  }

  /** The family a JDBC URL reaches, if it is one Rivet reads. */
  public static Optional<SourceKind> ofJdbcUrl(String jdbcUrl) {
    for (SourceKind kind : values()) {
      for (String scheme : kind.jdbcSchemes) {
        if (jdbcUrl.regionMatches(true, 0, scheme, 0, scheme.length())) {
          return Optional.of(kind);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The family a JDBC URL reaches.
   *
   * @throws IllegalArgumentException naming the supported schemes; the message never shows the
   *     URL's parameters (where a password may be)
   */
  public static SourceKind forJdbcUrl(String jdbcUrl) {
    return ofJdbcUrl(jdbcUrl)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unsupported source URL scheme in '"
                        + jdbcUrl.replaceAll("[?;].*", "").replaceAll("//[^/@]*@", "//***@")
                        + "'; supported: postgresql (jdbc:postgresql://host:port/db or"
                        + " postgresql://...), mysql and mariadb (jdbc:mariadb://host:port/db,"
                        + " jdbc:mysql://..., mysql://..., mariadb://...)"));
  }

  /**
   * The family stored in a plan under {@link #wireName()}.
   *
   * @throws IllegalArgumentException listing the valid names
   */
  public static SourceKind parse(String wireName) {
    for (SourceKind kind : values()) {
      if (kind.wireName.equals(wireName)) {
        return kind;
      }
    }
    throw new IllegalArgumentException(
        "unknown source kind '"
            + wireName
            + "' (valid: "
            + Arrays.stream(values()).map(SourceKind::wireName).collect(Collectors.joining(", "))
            + ")");
  }
}
