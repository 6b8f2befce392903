package dev.rivet.pipeline.types;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The source whose driver produced a column's values; it fixes how each {@link LogicalKind} is read
 * and which special values (PostgreSQL infinities, MySQL zero dates) can occur.
 */
public enum SourceDialect {
  POSTGRESQL("postgresql"),
  /** MySQL 8 and MariaDB 10.x, read with MariaDB Connector/J. */
  MYSQL("mysql");

  private final String wireName;

  SourceDialect(String wireName) {
    this.wireName = wireName;
  }

  /** The dialect name stored in plans. */
  public String wireName() {
    return wireName;
  }

  /**
   * @throws RivetException USER_CONFIG for a name no type mapping exists for
   */
  public static SourceDialect parse(String wireName) {
    for (SourceDialect dialect : values()) {
      if (dialect.wireName.equals(wireName)) {
        return dialect;
      }
    }
    throw new RivetException(
        FailureKind.USER_CONFIG,
        "no type mapping for dialect '" + wireName + "'",
        "supported dialects: "
            + Arrays.stream(values()).map(d -> d.wireName).collect(Collectors.joining(", ")));
  }
}
