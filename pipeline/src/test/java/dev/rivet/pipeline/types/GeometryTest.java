package dev.rivet.pipeline.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class GeometryTest {
  private static final HexFormat HEX = HexFormat.of();

  /** POINT(1 2) as little-endian WKB. */
  private static final String POINT_WKB = "0101000000000000000000f03f0000000000000040";

  @Test
  void shouldWriteTheEwkbPostGisWritesForAnSrid() {
    // PostGIS: SELECT ST_AsEWKB('SRID=4326;POINT(1 2)'::geometry)
    Geometry point = new Geometry(4326, HEX.parseHex(POINT_WKB));

    assertThat(HEX.formatHex(point.ewkb()))
        .isEqualTo("0101000020e6100000000000000000f03f0000000000000040");
  }

  @Test
  void shouldKeepTheSridInTheBigEndianByteOrderOfTheWkb() {
    Geometry point = new Geometry(3857, HEX.parseHex("00000000013ff00000000000004000000000000000"));

    assertThat(HEX.formatHex(point.ewkb()))
        .isEqualTo("002000000100000f113ff00000000000004000000000000000");
  }

  @Test
  void shouldWriteTheWkbItselfForSridZero() {
    assertThat(HEX.formatHex(new Geometry(0, HEX.parseHex(POINT_WKB)).ewkb())).isEqualTo(POINT_WKB);
  }

  @Test
  void shouldSplitMySqlsInternalFormIntoSridAndWkb() {
    Geometry parsed = Geometry.ofMySqlInternal(HEX.parseHex("e6100000" + POINT_WKB));

    assertThat(parsed).isEqualTo(new Geometry(4326, HEX.parseHex(POINT_WKB)));
    assertThatThrownBy(() -> Geometry.ofMySqlInternal(HEX.parseHex("e610000001")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
