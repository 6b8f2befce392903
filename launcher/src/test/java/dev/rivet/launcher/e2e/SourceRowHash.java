package dev.rivet.launcher.e2e;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jpountz.xxhash.XXHashFactory;

/**
 * Recomputes lineage row hashes from the source, independently of Rivet's writer: reads the values
 * with plain JDBC and encodes them as docs/lineage.md specifies (tag, then a big-endian payload or
 * a 4-byte length and the bytes; NULL is the single byte 0), then XXH64 with seed 0.
 */
final class SourceRowHash {
  /** How the test reads and encodes one hashed column. */
  enum Kind {
    INTEGER,
    TEXT,
    DECIMAL,
    TIMESTAMPTZ,
    TIMESTAMP
  }

  private SourceRowHash() {}

  /**
   * The expected row hash of each row of {@code sql}, by its first column (a bigint id), hashing
   * the columns after it, in order, read as {@code kinds}.
   */
  static Map<Long, Long> byId(Connection connection, String sql, List<Kind> kinds)
      throws SQLException {
    Map<Long, Long> hashes = new HashMap<>();
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        for (int i = 0; i < kinds.size(); i++) {
          encode(out, rs, i + 2, kinds.get(i));
        }
        byte[] encoded = bytes.toByteArray();
        hashes.put(
            rs.getLong(1),
            XXHashFactory.safeInstance().hash64().hash(encoded, 0, encoded.length, 0L));
      }
    }
    return hashes;
  }

  private static void encode(DataOutputStream out, ResultSet rs, int column, Kind kind)
      throws SQLException {
    try {
      switch (kind) {
        case INTEGER -> {
          long v = rs.getLong(column);
          if (rs.wasNull()) {
            out.writeByte(0);
          } else {
            out.writeByte(0x02);
            out.writeLong(v);
          }
        }
        case TEXT -> {
          String v = rs.getString(column);
          if (v == null) {
            out.writeByte(0);
          } else {
            sized(out, 0x05, v.getBytes(StandardCharsets.UTF_8));
          }
        }
        case DECIMAL -> {
          BigDecimal v = rs.getBigDecimal(column);
          if (v == null) {
            out.writeByte(0);
          } else {
            sized(out, 0x04, v.toPlainString().getBytes(StandardCharsets.UTF_8));
          }
        }
        case TIMESTAMPTZ -> {
          OffsetDateTime v = rs.getObject(column, OffsetDateTime.class);
          if (v == null) {
            out.writeByte(0);
          } else {
            Instant instant = v.toInstant();
            out.writeByte(0x0B);
            out.writeLong(instant.getEpochSecond());
            out.writeInt(instant.getNano());
          }
        }
        case TIMESTAMP -> {
          LocalDateTime v = rs.getObject(column, LocalDateTime.class);
          if (v == null) {
            out.writeByte(0);
          } else {
            out.writeByte(0x0A);
            out.writeLong(v.toEpochSecond(ZoneOffset.UTC));
            out.writeInt(v.getNano());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sized(DataOutputStream out, int tag, byte[] bytes) throws IOException {
    out.writeByte(tag);
    out.writeInt(bytes.length);
    out.write(bytes);
  }
}
