package dev.rivet.kernel.plan;

import java.util.Objects;

/** A user-supplied SELECT, read as a subquery; never split into chunks. */
public record QueryText(String sql) implements Relation {
  public QueryText {
    Objects.requireNonNull(sql, "sql");
    sql = sql.strip();
    while (sql.endsWith(";")) {
      sql = sql.substring(0, sql.length() - 1).strip();
    }
    if (sql.isEmpty()) {
      throw new IllegalArgumentException("query is empty");
    }
  }

  @Override
  public String describe() {
    return "query";
  }
}
