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
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;

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
  private final ParquetFileSink sink;
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
    MessageType schema = ParquetSchemas.messageType(written, policies);
    try {
      this.sink =
          new ParquetFileSink(
              new StreamOutputFile(stream, location),
              schema,
              ParquetTuning.properties(
                      written, plan.splitKey() == null ? null : plan.splitKey().column())
                  // Sizes are checked from the first row on, then as often as the rows' width
                  // says: parquet-java's default waits 100 rows, 100 MiB of 1 MiB values past any
                  // budget.
                  .withMinRowCountForPageSizeCheck(1)
                  .build(),
              codec(plan.export().compression()),
              ParquetTuning.configuration(plan.export().compression()),
              plan.budget(Runtime.getRuntime().maxMemory())
                  .rowGroupBytes(plan.export().rowGroupBytes()),
              metadata(plan, written),
              new ParquetRowWriter(schema, written));
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
      sink.write(row);
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
    return sink.dataSize();
  }

  @Override
  public FinishedFile finish() throws IOException {
    if (done) {
      throw new IllegalStateException("finish() called on a finished or closed writer");
    }
    done = true;
    try {
      sink.finish();
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
      // Abort: skip the footer; the buffered row group is dropped.
      try {
        sink.abort();
      } finally {
        stream.close();
      }
    }
  }
}
