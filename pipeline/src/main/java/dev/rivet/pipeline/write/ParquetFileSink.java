package dev.rivet.pipeline.write;

import java.io.IOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.schema.MessageType;

/**
 * One Parquet file written through parquet-java's public column API (file writer, page store,
 * column store) rather than its {@code ParquetWriter}: that is what lets Rivet choose the values
 * writers ({@link PlainNumberValuesWriter}) and write flat rows without the record consumer. It
 * does what {@code ParquetWriter} does, in the same order, so the bytes are the same: buffers one
 * row group of encoded pages, checks the buffered size after the first row and then about halfway
 * to the row-group size (at least every {@code minRowCountForPageSizeCheck}, at most every {@code
 * maxRowCountForPageSizeCheck} rows), and flushes the row group a little before it would pass it.
 */
final class ParquetFileSink {
  private final ParquetFileWriter file;
  private final CodecFactory codecs;
  private final BytesInputCompressor compressor;
  private final MessageType schema;
  private final ParquetProperties properties;
  private final ParquetRowWriter rows;
  private final Map<String, String> metadata;
  private final long rowGroupBytes;

  private long nextRowGroupBytes;
  private ColumnChunkPageWriteStore pages;
  private ColumnWriteStore columns;
  private int rowGroupOrdinal;
  private long groupRows;
  private long nextSizeCheck;
  private long lastRowGroupEnd;
  private boolean failed;

  /**
   * Starts the file: writes its magic bytes.
   *
   * @param metadata the footer's key/value metadata; the row writer's {@link
   *     ParquetRowWriter#footer()} is added at the end
   */
  ParquetFileSink(
      OutputFile out,
      MessageType schema,
      ParquetProperties properties,
      CompressionCodecName codec,
      ParquetConfiguration configuration,
      long rowGroupBytes,
      Map<String, String> metadata,
      ParquetRowWriter rows)
      throws IOException {
    this.schema = schema;
    this.properties = properties;
    this.rows = rows;
    // In the plan's order, so that the footer's order is the same from run to run.
    this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    this.rowGroupBytes = rowGroupBytes;
    this.nextRowGroupBytes = rowGroupBytes;
    this.file =
        new ParquetFileWriter(
            out,
            schema,
            ParquetFileWriter.Mode.CREATE,
            rowGroupBytes,
            ParquetWriter.MAX_PADDING_SIZE_DEFAULT,
            null,
            properties);
    file.start();
    this.codecs = new CodecFactory(configuration, properties.getPageSizeThreshold());
    this.compressor = codecs.getCompressor(codec);
    this.nextSizeCheck = properties.getMinRowCountForPageSizeCheck();
    openRowGroup();
  }

  private void openRowGroup() {
    pages =
        new ColumnChunkPageWriteStore(
            compressor,
            schema,
            properties.getAllocator(),
            properties.getColumnIndexTruncateLength(),
            properties.getPageWriteChecksumEnabled(),
            null,
            rowGroupOrdinal);
    columns = properties.newColumnWriteStore(schema, pages, pages);
    rows.bind(columns);
  }

  /** Writes one row; a failure leaves the file unfinishable. */
  void write(Object[] row) throws IOException {
    try {
      rows.write(row);
      groupRows++;
      if (groupRows >= nextSizeCheck) {
        checkSize();
      }
    } catch (IOException | RuntimeException | Error e) {
      failed = true;
      throw e;
    }
  }

  private void checkSize() throws IOException {
    long buffered = columns.getBufferedSize();
    long rowBytes = buffered / groupRows;
    long minRows = properties.getMinRowCountForPageSizeCheck();
    long maxRows = properties.getMaxRowCountForPageSizeCheck();
    // Flush when within about two rows of the limit: better a little under than over.
    if (buffered > nextRowGroupBytes - 2 * rowBytes) {
      flushRowGroup();
      openRowGroup();
      // The new group's first check comes after the minimum count (as in parquet-java, which
      // halves the new group's count of rows: zero).
      nextSizeCheck = Math.min(minRows, maxRows);
      lastRowGroupEnd = file.getPos();
    } else {
      // Check again about halfway to the limit, and never more than maxRows rows on.
      long halfway = (groupRows + (long) (nextRowGroupBytes / ((float) rowBytes))) / 2;
      nextSizeCheck = Math.min(Math.max(minRows, halfway), groupRows + maxRows);
    }
  }

  private void flushRowGroup() throws IOException {
    try {
      rows.flush();
      if (groupRows > 0) {
        rowGroupOrdinal++;
        file.startBlock(groupRows);
        columns.flush();
        pages.flushToFileWriter(file);
        groupRows = 0;
        file.endBlock();
        nextRowGroupBytes = Math.min(file.getNextRowGroupSize(), rowGroupBytes);
      }
    } finally {
      columns.close();
      pages.close();
      columns = null;
      pages = null;
    }
  }

  /** The bytes written to the file so far plus the encoded row group buffered in memory. */
  long dataSize() {
    return lastRowGroupEnd + (columns == null ? 0 : columns.getBufferedSize());
  }

  /** Flushes the last row group, writes the footer and closes the stream. */
  void finish() throws IOException {
    if (failed) {
      throw new IllegalStateException(
          "a row failed to write, so the file cannot be completed; close it instead");
    }
    try {
      flushRowGroup();
      // The same map parquet-java's writer builds (a HashMap: the footer lists it in its order).
      Map<String, String> footer = new HashMap<>(metadata);
      footer.putAll(rows.footer());
      file.end(footer);
    } finally {
      release();
    }
  }

  /** Abort: drops the buffered row group and the compressor's buffers; writes no footer. */
  void abort() {
    release();
  }

  private void release() {
    if (columns != null) {
      columns.close();
      pages.close();
      columns = null;
      pages = null;
    }
    codecs.release();
  }
}
