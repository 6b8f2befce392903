package dev.rivet.pipeline.quality;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;

/**
 * The text of one Parquet value, as close to what the CSV writer writes as the logical type allows:
 * strings as they are, integers and decimals in plain notation, dates and timestamps in ISO-8601
 * (UTC with {@code Z} when adjusted to UTC), other bytes in hex. Distinct values of one column
 * always have distinct texts.
 */
final class ParquetValueText {
  private ParquetValueText() {}

  /** The value of field {@code field} of {@code row}, or null when it is NULL. */
  static String of(Group row, int field, PrimitiveType type) {
    if (row.getFieldRepetitionCount(field) == 0) {
      return null;
    }
    LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
    switch (type.getPrimitiveTypeName()) {
      case BOOLEAN:
        return String.valueOf(row.getBoolean(field, 0));
      case FLOAT:
        return String.valueOf(row.getFloat(field, 0));
      case DOUBLE:
        return String.valueOf(row.getDouble(field, 0));
      case INT32:
        return int32(row.getInteger(field, 0), logical);
      case INT64:
        return int64(row.getLong(field, 0), logical);
      case BINARY:
      case FIXED_LEN_BYTE_ARRAY:
        return bytes(row.getBinary(field, 0), logical);
      default:
        return HexFormat.of().formatHex(row.getInt96(field, 0).getBytes());
    }
  }

  private static String int32(int value, LogicalTypeAnnotation logical) {
    if (logical instanceof DecimalLogicalTypeAnnotation decimal) {
      return BigDecimal.valueOf(value, decimal.getScale()).toPlainString();
    }
    if (logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
      return LocalDate.ofEpochDay(value).toString();
    }
    if (logical instanceof LogicalTypeAnnotation.TimeLogicalTypeAnnotation) {
      return LocalTime.ofNanoOfDay(value * 1_000_000L).toString();
    }
    return String.valueOf(value);
  }

  private static String int64(long value, LogicalTypeAnnotation logical) {
    if (logical instanceof DecimalLogicalTypeAnnotation decimal) {
      return BigDecimal.valueOf(value, decimal.getScale()).toPlainString();
    }
    if (logical instanceof TimestampLogicalTypeAnnotation timestamp) {
      Instant instant = instant(value, timestamp.getUnit());
      return timestamp.isAdjustedToUTC()
          ? instant.toString()
          : LocalDateTime.ofInstant(instant, ZoneOffset.UTC).toString();
    }
    if (logical instanceof LogicalTypeAnnotation.TimeLogicalTypeAnnotation time) {
      long nanos = time.getUnit() == TimeUnit.NANOS ? value : value * 1000;
      return LocalTime.ofNanoOfDay(nanos).toString();
    }
    return String.valueOf(value);
  }

  private static Instant instant(long value, TimeUnit unit) {
    switch (unit) {
      case MILLIS:
        return Instant.ofEpochMilli(value);
      case MICROS:
        return Instant.ofEpochSecond(
            Math.floorDiv(value, 1_000_000L), Math.floorMod(value, 1_000_000L) * 1000);
      default:
        return Instant.ofEpochSecond(
            Math.floorDiv(value, 1_000_000_000L), Math.floorMod(value, 1_000_000_000L));
    }
  }

  private static String bytes(Binary value, LogicalTypeAnnotation logical) {
    if (logical instanceof DecimalLogicalTypeAnnotation decimal) {
      return new BigDecimal(new BigInteger(value.getBytes()), decimal.getScale()).toPlainString();
    }
    if (logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
        || logical instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
        || logical instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation) {
      return value.toStringUsingUTF8();
    }
    if (logical instanceof LogicalTypeAnnotation.UUIDLogicalTypeAnnotation) {
      java.nio.ByteBuffer buffer = value.toByteBuffer();
      return new java.util.UUID(buffer.getLong(), buffer.getLong()).toString();
    }
    return HexFormat.of().formatHex(value.getBytes());
  }
}
