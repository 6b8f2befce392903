package dev.rivet.launcher.e2e;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Order-independent per-column checksums: the sum over rows of the first 60 bits of md5(canonical
 * text of the value), with NULL as {@code \N}. PostgreSQL computes the same sum with {@link
 * #sqlFor}, so files and source can be compared without sorting or holding rows in memory.
 */
final class ColumnChecksums {
  static final String NULL = "\\N";

  private final Map<String, BigInteger> sums = new LinkedHashMap<>();
  private long rows;
  private final MessageDigest md5;

  ColumnChecksums(List<String> columns) {
    columns.forEach(c -> sums.put(c, BigInteger.ZERO));
    try {
      md5 = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  void add(String column, String canonical) {
    byte[] digest =
        md5.digest((canonical == null ? NULL : canonical).getBytes(StandardCharsets.UTF_8));
    long prefix = Long.parseUnsignedLong(HexFormat.of().formatHex(digest).substring(0, 15), 16);
    sums.merge(column, BigInteger.valueOf(prefix), BigInteger::add);
  }

  void endRow() {
    rows++;
  }

  long rows() {
    return rows;
  }

  Map<String, String> sums() {
    return sums.entrySet().stream()
        .collect(
            Collectors.toMap(
                Map.Entry::getKey, e -> e.getValue().toString(), (a, b) -> a, LinkedHashMap::new));
  }

  /**
   * SQL returning one row: count(*) then, per column, the checksum of its canonical text expression
   * (given as SQL over the table's columns).
   */
  static String sqlFor(String table, Map<String, String> canonicalSql) {
    String sums =
        canonicalSql.values().stream()
            .map(
                expr ->
                    "sum(('x' || substr(md5(coalesce(("
                        + expr
                        + "), '"
                        + NULL
                        + "')), 1, 15))::bit(60)::bigint)::text")
            .collect(Collectors.joining(", "));
    return "SELECT count(*), " + sums + " FROM " + table;
  }

  /** The same as {@link #sqlFor}, in MariaDB/MySQL SQL. */
  static String mariaDbSqlFor(String table, Map<String, String> canonicalSql) {
    String sums =
        canonicalSql.values().stream()
            .map(
                expr ->
                    "CAST(SUM(CAST(CONV(SUBSTR(MD5(COALESCE(("
                        + expr
                        + "), CONCAT(CHAR(92), 'N'))), 1, 15), 16, 10) AS UNSIGNED)) AS CHAR)")
            .collect(Collectors.joining(", "));
    return "SELECT count(*), " + sums + " FROM " + table;
  }

  /** count(*) (under "count") and each column's checksum of a PostgreSQL table or subquery. */
  static Map<String, String> ofPostgres(String table, Map<String, String> canonicalSql)
      throws java.sql.SQLException {
    try (java.sql.Connection c = TestDatabase.connect()) {
      return read(c, sqlFor(table, canonicalSql), canonicalSql.keySet());
    }
  }

  /** The same as {@link #ofPostgres}, of a MariaDB/MySQL table. */
  static Map<String, String> ofMariaDb(String table, Map<String, String> canonicalSql)
      throws java.sql.SQLException {
    try (java.sql.Connection c = TestMariaDb.connect()) {
      return read(c, mariaDbSqlFor(table, canonicalSql), canonicalSql.keySet());
    }
  }

  private static Map<String, String> read(
      java.sql.Connection c, String sql, java.util.Collection<String> columns)
      throws java.sql.SQLException {
    Map<String, String> sums = new LinkedHashMap<>();
    try (java.sql.Statement s = c.createStatement();
        java.sql.ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      sums.put("count", rs.getString(1));
      int i = 2;
      for (String column : columns) {
        sums.put(column, rs.getString(i++));
      }
    }
    return sums;
  }
}
