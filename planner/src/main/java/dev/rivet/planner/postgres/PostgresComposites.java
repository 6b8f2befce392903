package dev.rivet.planner.postgres;

import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.planner.failure.SqlErrors;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The attributes of the composite (row) type columns of a result, from {@code pg_type} and {@code
 * pg_attribute}, nested composites included, in one catalog query. Each attribute is described as
 * pgjdbc describes a result column of its type (type name, array or not, numeric precision and
 * scale; a domain as its base type), so it maps by the same rules as a top-level column.
 */
final class PostgresComposites {
  // root: the type name asked for (NULL for nested types); owner: the composite type; eff: the
  // attribute's type, a domain replaced by its base type.
  private static final String ATTRIBUTES_SQL =
      "WITH RECURSIVE attrs(root, owner, attnum, attname, eff, typmod) AS ("
          + " SELECT r.n, t.oid, a.attnum, a.attname::text,"
          + " CASE WHEN at.typtype = 'd' THEN at.typbasetype ELSE at.oid END,"
          + " CASE WHEN at.typtype = 'd' THEN at.typtypmod ELSE a.atttypmod END"
          + " FROM unnest(?::text[]) AS r(n)"
          + " JOIN pg_type t ON t.oid = to_regtype(r.n)"
          + " JOIN pg_attribute a ON a.attrelid = t.typrelid"
          + " JOIN pg_type at ON at.oid = a.atttypid"
          + " WHERE a.attnum > 0 AND NOT a.attisdropped"
          + " UNION ALL"
          + " SELECT NULL, t.oid, a.attnum, a.attname::text,"
          + " CASE WHEN at.typtype = 'd' THEN at.typbasetype ELSE at.oid END,"
          + " CASE WHEN at.typtype = 'd' THEN at.typtypmod ELSE a.atttypmod END"
          + " FROM attrs p"
          + " JOIN pg_type t ON t.oid = p.eff AND t.typtype = 'c'"
          + " JOIN pg_attribute a ON a.attrelid = t.typrelid"
          + " JOIN pg_type at ON at.oid = a.atttypid"
          + " WHERE a.attnum > 0 AND NOT a.attisdropped)"
          + " SELECT DISTINCT a.root, a.owner, a.attnum, a.attname, a.eff, a.typmod,"
          + " CASE WHEN pg_type_is_visible(b.oid) THEN b.typname::text"
          + " ELSE '\"' || n.nspname || '\".\"' || b.typname || '\"' END,"
          + " b.typcategory = 'A', b.typtype = 'c'"
          + " FROM attrs a JOIN pg_type b ON b.oid = a.eff"
          + " JOIN pg_namespace n ON n.oid = b.typnamespace"
          + " ORDER BY a.owner, a.attnum";

  private static final int NUMERIC_OID = 1700;

  private PostgresComposites() {}

  /**
   * {@code columns} with the attributes of each composite column (jdbc type {@link Types#STRUCT})
   * filled in; the other columns unchanged. Arrays of composites keep no attributes (they are
   * written in their text form).
   */
  static List<SourceColumn> withAttributes(Connection connection, List<SourceColumn> columns) {
    Set<String> typeNames = new LinkedHashSet<>();
    for (SourceColumn column : columns) {
      if (column.jdbcType() == Types.STRUCT) {
        typeNames.add(column.typeName());
      }
    }
    if (typeNames.isEmpty()) {
      return columns;
    }
    Map<Long, Map<Integer, Attribute>> byOwner = new HashMap<>();
    Map<String, Long> oids = new HashMap<>();
    try (PreparedStatement ps = connection.prepareStatement(ATTRIBUTES_SQL)) {
      ps.setArray(1, connection.createArrayOf("text", typeNames.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long owner = rs.getLong(2);
          if (rs.getString(1) != null) {
            oids.put(rs.getString(1), owner);
          }
          byOwner
              .computeIfAbsent(owner, o -> new TreeMap<>())
              .put(
                  rs.getInt(3),
                  new Attribute(
                      rs.getString(4),
                      rs.getLong(5),
                      rs.getInt(6),
                      rs.getString(7),
                      rs.getBoolean(8),
                      rs.getBoolean(9)));
        }
      }
    } catch (SQLException e) {
      throw SqlErrors.translate(e, "reading the attributes of the composite types " + typeNames);
    }
    List<SourceColumn> described = new ArrayList<>(columns.size());
    for (SourceColumn column : columns) {
      Long oid = column.jdbcType() == Types.STRUCT ? oids.get(column.typeName()) : null;
      described.add(oid == null ? column : column.withAttributes(attributes(oid, byOwner)));
    }
    return described;
  }

  private static List<SourceColumn> attributes(
      long owner, Map<Long, Map<Integer, Attribute>> byOwner) {
    List<SourceColumn> attributes = new ArrayList<>();
    for (Attribute a : byOwner.getOrDefault(owner, Map.of()).values()) {
      int jdbcType = a.array() ? Types.ARRAY : a.composite() ? Types.STRUCT : Types.OTHER;
      SourceColumn attribute =
          new SourceColumn(
              a.name(), jdbcType, a.typeName(), precision(a), scale(a), true, List.of());
      attributes.add(
          a.composite() ? attribute.withAttributes(attributes(a.type(), byOwner)) : attribute);
    }
    return attributes;
  }

  /** As pgjdbc reports a numeric column's precision: 0 when unconstrained. */
  private static int precision(Attribute a) {
    return a.type() == NUMERIC_OID && a.typmod() != -1 ? ((a.typmod() - 4) & 0xFFFF0000) >> 16 : 0;
  }

  /** As pgjdbc reports a numeric column's scale: the low 16 bits of the type modifier. */
  private static int scale(Attribute a) {
    return a.type() == NUMERIC_OID && a.typmod() != -1 ? (a.typmod() - 4) & 0xFFFF : 0;
  }

  private record Attribute(
      String name, long type, int typmod, String typeName, boolean array, boolean composite) {}
}
