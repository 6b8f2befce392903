package dev.rivet.pipeline.types;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One spatial value: its OGC WKB and the SRID the source stores with it. Neither is changed; {@link
 * #ewkb()} is the one byte form that carries both.
 *
 * @param srid the spatial reference id, 0 when the source names none
 * @param wkb standard OGC WKB, starting with its byte-order byte
 */
public record Geometry(int srid, byte[] wkb) {
  /** PostGIS's EWKB flag in the geometry type word: an SRID follows the type. */
  static final int EWKB_SRID_FLAG = 0x2000_0000;

  private static final int HEADER = 5;

  public Geometry {
    if (wkb.length < HEADER || (wkb[0] != 0 && wkb[0] != 1)) {
      throw new IllegalArgumentException(
          "not WKB: " + wkb.length + " bytes, byte order " + (wkb.length > 0 ? wkb[0] : "none"));
    }
  }

  /**
   * MySQL's and MariaDB's internal form of a spatial value: the SRID as 4 little-endian bytes, then
   * the WKB.
   */
  public static Geometry ofMySqlInternal(byte[] internal) {
    if (internal.length < 4 + HEADER) {
      throw new IllegalArgumentException(
          "not a MySQL geometry value: " + internal.length + " bytes");
    }
    int srid = ByteBuffer.wrap(internal, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    return new Geometry(srid, Arrays.copyOfRange(internal, 4, internal.length));
  }

  /**
   * The value as PostGIS extended WKB: for SRID 0 the WKB unchanged, otherwise the WKB with the
   * SRID flag set in its type word and the SRID after it, both in the WKB's own byte order.
   */
  public byte[] ewkb() {
    if (srid == 0) {
      return wkb;
    }
    ByteOrder order = wkb[0] == 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    int type = ByteBuffer.wrap(wkb, 1, 4).order(order).getInt();
    ByteBuffer out = ByteBuffer.allocate(wkb.length + 4).order(order);
    out.put(wkb[0]).putInt(type | EWKB_SRID_FLAG).putInt(srid);
    out.put(wkb, HEADER, wkb.length - HEADER);
    return out.array();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Geometry
        && ((Geometry) other).srid == srid
        && Arrays.equals(((Geometry) other).wkb, wkb);
  }

  @Override
  public int hashCode() {
    return 31 * srid + Arrays.hashCode(wkb);
  }

  @Override
  public String toString() {
    return "Geometry[srid=" + srid + ", " + wkb.length + " bytes of WKB]";
  }
}
