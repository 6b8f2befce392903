package dev.rivet.pipeline.write;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.pipeline.types.ColumnType;
import dev.rivet.pipeline.types.Geometry;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Writes one row, given as the values a {@link RowReader} read, straight into Parquet's record
 * consumer: no intermediate Avro or Group objects.
 */
final class RowWriteSupport extends WriteSupport<Object[]> {
  private final MessageType schema;
  private final Map<String, String> metadata;
  private final ColumnType[] types;
  private final boolean[] required;
  private final GeoParquetMetadata geo;
  private RecordConsumer consumer;

  RowWriteSupport(MessageType schema, Map<String, String> metadata, List<ColumnType> types) {
    this.schema = schema;
    this.metadata = Map.copyOf(metadata);
    this.types = types.toArray(new ColumnType[0]);
    this.required = new boolean[this.types.length];
    this.geo = new GeoParquetMetadata(types);
    for (int i = 0; i < required.length; i++) {
      required[i] = schema.getType(i).isRepetition(Type.Repetition.REQUIRED);
    }
  }

  @Override
  public WriteContext init(Configuration configuration) {
    return new WriteContext(schema, metadata);
  }

  @Override
  public WriteContext init(ParquetConfiguration configuration) {
    return new WriteContext(schema, metadata);
  }

  /** The GeoParquet metadata of the geometry columns, known once every row is written. */
  @Override
  public FinalizedWriteContext finalizeWrite() {
    return new FinalizedWriteContext(geo.footer());
  }

  @Override
  public void prepareForWrite(RecordConsumer recordConsumer) {
    this.consumer = recordConsumer;
  }

  @Override
  public void write(Object[] row) {
    consumer.startMessage();
    for (int i = 0; i < types.length; i++) {
      Object value = row[i];
      ColumnType type = types[i];
      if (value == null) {
        if (required[i]) {
          throw new RivetException(
              FailureKind.DATA,
              "column '"
                  + type.name()
                  + "' ("
                  + type.sourceType()
                  + ") returned NULL although the source declares it NOT NULL",
              "re-plan the export; the table definition may have changed");
        }
        continue;
      }
      if (value instanceof Geometry) {
        geo.observe(i, (Geometry) value);
      }
      consumer.startField(type.name(), i);
      try {
        ParquetValues.write(consumer, type, value);
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
      consumer.endField(type.name(), i);
    }
    consumer.endMessage();
  }
}
