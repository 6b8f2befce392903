package dev.rivet.pipeline.write;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.pipeline.types.ColumnType;
import dev.rivet.pipeline.types.Geometry;
import dev.rivet.pipeline.types.LogicalKind;
import java.util.List;
import java.util.Map;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Writes one row, given as the values a {@link RowReader} read, into the column writers of the row
 * group being written: no intermediate Avro or Group objects. A flat schema (no list, map or struct
 * column) is written straight into each column's writer; a nested one through parquet-java's record
 * consumer, which computes the repetition and definition levels. Both write the same values in the
 * same order per column, so the file is the same byte for byte (ParquetFileSinkTest).
 */
final class ParquetRowWriter {
  private final MessageType schema;
  private final ColumnType[] types;
  private final boolean[] required;
  private final GeoParquetMetadata geo;

  /** One per column when the schema is flat, else null. */
  private final ColumnConsumer[] columns;

  private final MessageColumnIO columnIO;
  private ColumnWriteStore store;
  private RecordConsumer consumer;

  ParquetRowWriter(MessageType schema, List<ColumnType> types) {
    this(schema, types, isFlat(types));
  }

  /**
   * @param direct whether to write straight into the column writers (only for a flat schema); false
   *     writes through the record consumer
   */
  ParquetRowWriter(MessageType schema, List<ColumnType> types, boolean direct) {
    if (direct && !isFlat(types)) {
      throw new IllegalArgumentException("only a flat schema can be written column by column");
    }
    this.schema = schema;
    this.types = types.toArray(new ColumnType[0]);
    this.required = new boolean[this.types.length];
    this.geo = new GeoParquetMetadata(types);
    for (int i = 0; i < required.length; i++) {
      required[i] = schema.getType(i).isRepetition(Type.Repetition.REQUIRED);
    }
    if (direct) {
      this.columns = new ColumnConsumer[this.types.length];
      this.columnIO = null;
      for (int i = 0; i < columns.length; i++) {
        columns[i] = new ColumnConsumer(required[i] ? 0 : 1);
      }
    } else {
      this.columns = null;
      this.columnIO = new ColumnIOFactory(false).getColumnIO(schema);
    }
  }

  private static boolean isFlat(List<ColumnType> types) {
    for (ColumnType type : types) {
      LogicalKind kind = type.kind();
      if (kind == LogicalKind.LIST || kind == LogicalKind.MAP || kind == LogicalKind.STRUCT) {
        return false;
      }
    }
    return true;
  }

  /** Writes the following rows into a new row group's columns. */
  void bind(ColumnWriteStore store) {
    this.store = store;
    if (columns != null) {
      List<ColumnDescriptor> descriptors = schema.getColumns();
      for (int i = 0; i < columns.length; i++) {
        columns[i].writer = store.getColumnWriter(descriptors.get(i));
      }
    } else {
      consumer = columnIO.getRecordWriter(store);
    }
  }

  /** Writes what the record consumer still holds (NULL groups) before the row group is flushed. */
  void flush() {
    if (consumer != null) {
      consumer.flush();
    }
  }

  /** The GeoParquet metadata of the geometry columns, known once every row is written. */
  Map<String, String> footer() {
    return geo.footer();
  }

  void write(Object[] row) {
    if (columns != null) {
      for (int i = 0; i < types.length; i++) {
        Object value = row[i];
        if (value == null) {
          checkNullable(i);
          columns[i].writer.writeNull(0, 0);
        } else {
          writeValue(columns[i], i, value);
        }
      }
      store.endRecord();
      return;
    }
    consumer.startMessage();
    for (int i = 0; i < types.length; i++) {
      Object value = row[i];
      if (value == null) {
        checkNullable(i);
        continue;
      }
      consumer.startField(types[i].name(), i);
      writeValue(consumer, i, value);
      consumer.endField(types[i].name(), i);
    }
    consumer.endMessage();
  }

  private void checkNullable(int i) {
    if (required[i]) {
      ColumnType type = types[i];
      throw new RivetException(
          FailureKind.DATA,
          "column '"
              + type.name()
              + "' ("
              + type.sourceType()
              + ") returned NULL although the source declares it NOT NULL",
          "re-plan the export; the table definition may have changed");
    }
  }

  private void writeValue(RecordConsumer target, int i, Object value) {
    ColumnType type = types[i];
    if (value instanceof Geometry) {
      geo.observe(i, (Geometry) value);
    }
    try {
      ParquetValues.write(target, type, value);
    } catch (ArithmeticException e) {
      throw new RivetException(
          FailureKind.DATA,
          "column '"
              + type.name()
              + "' ("
              + type.sourceType()
              + ") holds "
              + value
              + ", outside the range Parquet's "
              + type.kind()
              + " can represent",
          "export the column as text (col::text in a query export)",
          e);
    }
  }

  /**
   * One top-level primitive column as a record consumer: {@link ParquetValues} writes its value
   * into the column's writer at the column's definition level (0 when REQUIRED, 1 when OPTIONAL).
   */
  private static final class ColumnConsumer extends RecordConsumer {
    private final int definition;
    private ColumnWriter writer;

    ColumnConsumer(int definition) {
      this.definition = definition;
    }

    @Override
    public void addInteger(int value) {
      writer.write(value, 0, definition);
    }

    @Override
    public void addLong(long value) {
      writer.write(value, 0, definition);
    }

    @Override
    public void addBoolean(boolean value) {
      writer.write(value, 0, definition);
    }

    @Override
    public void addBinary(Binary value) {
      writer.write(value, 0, definition);
    }

    @Override
    public void addFloat(float value) {
      writer.write(value, 0, definition);
    }

    @Override
    public void addDouble(double value) {
      writer.write(value, 0, definition);
    }

    @Override
    public void startMessage() {
      throw nested();
    }

    @Override
    public void endMessage() {
      throw nested();
    }

    @Override
    public void startField(String field, int index) {
      throw nested();
    }

    @Override
    public void endField(String field, int index) {
      throw nested();
    }

    @Override
    public void startGroup() {
      throw nested();
    }

    @Override
    public void endGroup() {
      throw nested();
    }

    private static IllegalStateException nested() {
      return new IllegalStateException("a flat column was given a nested value");
    }
  }
}
