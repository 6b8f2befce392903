package dev.rivet.pipeline.write;

import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.Compression;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.pipeline.lineage.LineageColumns;
import dev.rivet.pipeline.types.ColumnType;
import dev.rivet.pipeline.types.SourceRow;
import dev.rivet.pipeline.types.ValuePolicies;
import dev.rivet.pipeline.types.WarningCounts;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;

/**
 * Writes one Parquet file from a result set; buffers at most one row group of encoded pages in
 * memory: {@code row_group_size}, at most the export's memory budget ({@code
 * batch_size_memory_mb}).
 */
final class ParquetChunkWriter implements ChunkFileWriter {
  static final String RUN_ID_KEY = "rivet.run_id";
  static final String EXPORT_KEY = "rivet.export";
  static final String SOURCE_TYPE_KEY_PREFIX = "rivet.source_type.";

  private final String location;
  private final CountingDigestStream stream;
  private final WarningCounts warnings = new WarningCounts();
  private final RowReader rowReader;
  private final ParquetWriter<Object[]> writer;
  private long rows;
  private boolean done;

  ParquetChunkWriter(
      ExportPlan plan,
      List<ColumnType> types,
      LineageColumns lineage,
      OutputStream out,
      String location)
      throws IOException {
    this.location = location;
    this.stream = new CountingDigestStream(out);
    ValuePolicies policies = ValuePolicies.of(plan);
    this.rowReader = new RowReader(types, lineage, policies, warnings, location, plan.splitKey());
    List<ColumnType> written = lineage.outputTypes();
    RowWriteSupport writeSupport =
        new RowWriteSupport(
            ParquetSchemas.messageType(written, policies), metadata(plan, written), written);
    try {
      Builder builder =
          new Builder(new StreamOutputFile(stream, location), writeSupport)
              .withConf(new PlainParquetConfiguration())
              .withWriteMode(ParquetFileWriter.Mode.CREATE)
              .withCompressionCodec(codec(plan.export().compression()))
              .withRowGroupSize(
                  plan.budget(Runtime.getRuntime().maxMemory())
                      .rowGroupBytes(plan.export().rowGroupBytes()))
              // Sizes are checked from the first row on, then as often as the rows' width says:
              // parquet-java's default waits 100 rows, 100 MiB of 1 MiB values past any budget.
              .withMinRowCountForPageSizeCheck(1);
      builder =
          ParquetTuning.apply(
              builder,
              written,
              plan.export().compression(),
              plan.splitKey() == null ? null : plan.splitKey().column());
      this.writer = builder.build();
    } catch (IOException | RuntimeException e) {
      try {
        stream.close();
      } catch (IOException closeFailure) {
        e.addSuppressed(closeFailure);
      }
      throw e;
    }
  }

  static CompressionCodecName codec(Compression compression) {
    switch (compression) {
      case ZSTD:
        return CompressionCodecName.ZSTD;
      case SNAPPY:
        return CompressionCodecName.SNAPPY;
      case GZIP:
        return CompressionCodecName.GZIP;
      case LZ4:
        return CompressionCodecName.LZ4_RAW;
      case NONE:
        return CompressionCodecName.UNCOMPRESSED;
      default:
        throw new IllegalArgumentException("unhandled compression " + compression);
    }
  }

  private static Map<String, String> metadata(ExportPlan plan, List<ColumnType> types) {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put(RUN_ID_KEY, plan.runId());
    metadata.put(EXPORT_KEY, plan.export().name());
    for (ColumnType type : types) {
      metadata.put(SOURCE_TYPE_KEY_PREFIX + type.name(), type.sourceType());
    }
    return metadata;
  }

  @Override
  public void writeRow(SourceRow source) throws SQLException, IOException {
    if (done) {
      throw new IllegalStateException("the writer of " + location + " is finished or closed");
    }
    long rowNumber = rows + 1;
    Object[] row = rowReader.read(source, rowNumber);
    try {
      writer.write(row);
    } catch (RivetException e) {
      throw rowReader.located(e, source, rowNumber);
    }
    rows = rowNumber;
  }

  @Override
  public long rows() {
    return rows;
  }

  @Override
  public WarningCounts warnings() {
    return warnings;
  }

  @Override
  public ColumnProfiler profiler() {
    return rowReader.profiler();
  }

  @Override
  public long bytesSoFar() {
    return writer.getDataSize();
  }

  @Override
  public FinishedFile finish() throws IOException {
    if (done) {
      throw new IllegalStateException("finish() called on a finished or closed writer");
    }
    done = true;
    try {
      writer.close();
    } catch (IOException | RuntimeException e) {
      try {
        stream.close();
      } catch (IOException closeFailure) {
        e.addSuppressed(closeFailure);
      }
      throw e;
    }
    return new FinishedFile(
        rows, stream.getPos(), stream.sha256(), warnings.snapshot(), rowReader.profiler().drain());
  }

  @Override
  public void close() throws IOException {
    if (!done) {
      done = true;
      // Abort: skip the footer; the buffered row group is dropped with the writer.
      stream.close();
    }
  }

  private static final class Builder extends ParquetWriter.Builder<Object[], Builder> {
    private final WriteSupport<Object[]> writeSupport;

    Builder(OutputFile file, WriteSupport<Object[]> writeSupport) {
      super(file);
      this.writeSupport = writeSupport;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<Object[]> getWriteSupport(Configuration configuration) {
      return writeSupport;
    }

    @Override
    protected WriteSupport<Object[]> getWriteSupport(ParquetConfiguration configuration) {
      return writeSupport;
    }
  }
}
