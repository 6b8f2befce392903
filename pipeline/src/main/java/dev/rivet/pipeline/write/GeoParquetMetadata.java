package dev.rivet.pipeline.write;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.pipeline.types.ColumnType;
import dev.rivet.pipeline.types.Geometry;
import dev.rivet.pipeline.types.LogicalKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The GeoParquet 1.1 {@code geo} footer entry of one Parquet file, and the one SRID each geometry
 * column of the file holds: a value with another SRID than the column's earlier values fails, since
 * a file's column has one CRS. Besides {@code geo}, each geometry column's SRID is written as
 * {@code rivet.srid.<column>}. Not thread-safe.
 */
final class GeoParquetMetadata {
  static final String GEO_KEY = "geo";
  static final String SRID_KEY_PREFIX = "rivet.srid.";

  /** The SRID GeoParquet's default CRS, OGC:CRS84 (longitude, latitude on WGS 84), stands for. */
  private static final int WGS84 = 4326;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<ColumnType> types;
  private final Integer[] srids;

  GeoParquetMetadata(List<ColumnType> types) {
    this.types = List.copyOf(types);
    this.srids = new Integer[types.size()];
  }

  /** Records the SRID of column {@code index}'s value, which must be the column's SRID so far. */
  void observe(int index, Geometry value) {
    Integer seen = srids[index];
    if (seen == null) {
      srids[index] = value.srid();
      return;
    }
    if (seen != value.srid()) {
      ColumnType type = types.get(index);
      throw new RivetException(
          FailureKind.DATA,
          "column '"
              + type.name()
              + "' ("
              + type.sourceType()
              + ") holds SRID "
              + value.srid()
              + " after SRID "
              + seen
              + " in the same Parquet file, whose geometry column has one CRS",
          "export the SRIDs apart (a query export per SRID, WHERE ST_SRID(col) = ...), convert"
              + " them to one (ST_Transform), write CSV (which keeps each value's SRID as EWKB),"
              + " or drop the SRIDs (ST_AsBinary(col) AS col in a query export)");
    }
  }

  /** The footer entries: none when the file has no geometry column. */
  Map<String, String> footer() {
    Map<String, String> footer = new LinkedHashMap<>();
    ObjectNode columns = JSON.createObjectNode();
    String primary = null;
    for (int i = 0; i < types.size(); i++) {
      ColumnType type = types.get(i);
      if (type.kind() != LogicalKind.GEOMETRY) {
        continue;
      }
      primary = primary == null ? type.name() : primary;
      ObjectNode column = columns.putObject(type.name());
      column.put("encoding", "WKB");
      column.putArray("geometry_types");
      Integer srid = srids[i];
      if (srid == null || srid == 0) {
        // No value, or SRID 0: the CRS is not known.
        column.putNull("crs");
      } else if (srid != WGS84) {
        column.putObject("crs").putObject("id").put("authority", "EPSG").put("code", srid);
      }
      if (srid != null) {
        footer.put(SRID_KEY_PREFIX + type.name(), Integer.toString(srid));
      }
    }
    if (primary == null) {
      return footer;
    }
    ObjectNode geo = JSON.createObjectNode();
    geo.put("version", "1.1.0");
    geo.put("primary_column", primary);
    geo.set("columns", columns);
    try {
      footer.put(GEO_KEY, JSON.writeValueAsString(geo));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render the geo metadata", e);
    }
    return footer;
  }
}
