package dev.rivet.pipeline.write;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Reads a Parquet file with parquet-java's example {@link Group} API and decodes each value from
 * its physical type and logical annotation alone (no Rivet code involved).
 */
public final class ParquetReadBack {
  public final ParquetMetadata footer;
  public final List<Map<String, Object>> rows = new ArrayList<>();

  public ParquetReadBack(Path file) throws IOException {
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
      footer = reader.getFooter();
      MessageType schema = footer.getFileMetaData().getSchema();
      MessageColumnIO columnIo = new ColumnIOFactory().getColumnIO(schema);
      PageReadStore pages;
      while ((pages = reader.readNextRowGroup()) != null) {
        RecordReader<Group> records =
            columnIo.getRecordReader(pages, new GroupRecordConverter(schema));
        for (long i = 0; i < pages.getRowCount(); i++) {
          Group group = records.read();
          Map<String, Object> row = new LinkedHashMap<>();
          for (Type field : schema.getFields()) {
            row.put(field.getName(), field(group, field));
          }
          rows.add(row);
        }
      }
    }
  }

  public MessageType schema() {
    return footer.getFileMetaData().getSchema();
  }

  private static Object field(Group group, Type type) {
    if (group.getFieldRepetitionCount(type.getName()) == 0) {
      return null;
    }
    if (type.isPrimitive()) {
      return primitive(group, type.asPrimitiveType());
    }
    if (type.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation) {
      return entries(group.getGroup(type.getName(), 0), type.asGroupType());
    }
    if (type.getLogicalTypeAnnotation() == null) {
      // A struct: its fields by name, null for an absent field.
      Group struct = group.getGroup(type.getName(), 0);
      Map<String, Object> fields = new LinkedHashMap<>();
      for (Type field : type.asGroupType().getFields()) {
        fields.put(field.getName(), field(struct, field));
      }
      return fields;
    }
    // Standard three-level LIST: <name> { repeated group list { optional element } }
    Group list = group.getGroup(type.getName(), 0);
    GroupType repeated = type.asGroupType().getType(0).asGroupType();
    Type element = repeated.getType(0);
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < list.getFieldRepetitionCount(repeated.getName()); i++) {
      values.add(field(list.getGroup(repeated.getName(), i), element));
    }
    return values;
  }

  /** A MAP as its entries in file order, each a two-element list [key, value or null]. */
  private static List<List<Object>> entries(Group map, GroupType type) {
    GroupType keyValue = type.getType(0).asGroupType();
    List<List<Object>> entries = new ArrayList<>();
    for (int i = 0; i < map.getFieldRepetitionCount(keyValue.getName()); i++) {
      Group entry = map.getGroup(keyValue.getName(), i);
      entries.add(
          java.util.Arrays.asList(
              field(entry, keyValue.getType(0)), field(entry, keyValue.getType(1))));
    }
    return entries;
  }

  private static Object primitive(Group group, PrimitiveType type) {
    String name = type.getName();
    LogicalTypeAnnotation annotation = type.getLogicalTypeAnnotation();
    if (annotation instanceof DecimalLogicalTypeAnnotation) {
      int scale = ((DecimalLogicalTypeAnnotation) annotation).getScale();
      switch (type.getPrimitiveTypeName()) {
        case INT32:
          return BigDecimal.valueOf(group.getInteger(name, 0), scale);
        case INT64:
          return BigDecimal.valueOf(group.getLong(name, 0), scale);
        default:
          return new BigDecimal(new BigInteger(group.getBinary(name, 0).getBytes()), scale);
      }
    }
    switch (type.getPrimitiveTypeName()) {
      case BOOLEAN:
        return group.getBoolean(name, 0);
      case FLOAT:
        return group.getFloat(name, 0);
      case DOUBLE:
        return group.getDouble(name, 0);
      case INT32:
        int i = group.getInteger(name, 0);
        return annotation instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation
            ? LocalDate.ofEpochDay(i)
            : (Object) i;
      case INT64:
        long l = group.getLong(name, 0);
        if (annotation instanceof TimestampLogicalTypeAnnotation) {
          Instant instant = Instant.EPOCH.plus(l, ChronoUnit.MICROS);
          return ((TimestampLogicalTypeAnnotation) annotation).isAdjustedToUTC()
              ? instant
              : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        }
        return l;
      case FIXED_LEN_BYTE_ARRAY:
        ByteBuffer uuid = ByteBuffer.wrap(group.getBinary(name, 0).getBytes());
        return new UUID(uuid.getLong(), uuid.getLong());
      default:
        return annotation == null ? group.getBinary(name, 0).getBytes() : group.getString(name, 0);
    }
  }
}
