package dev.rivet.pipeline.write;

import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.pipeline.lineage.LineageColumns;
import dev.rivet.pipeline.types.ColumnType;
import dev.rivet.pipeline.types.SourceRow;
import dev.rivet.pipeline.types.ValuePolicies;
import dev.rivet.pipeline.types.WarningCounts;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;

/**
 * Writes one RFC 4180 CSV file (UTF-8, CRLF, a header row, every non-null field quoted so NULL is
 * an empty unquoted field and the empty string is {@code ""}) through a fixed-size buffer.
 */
final class CsvChunkWriter implements ChunkFileWriter {
  private static final int BUFFER_CHARS = 64 * 1024;

  private final String location;
  private final CountingDigestStream stream;
  private final WarningCounts warnings = new WarningCounts();
  private final RowReader rowReader;
  private final ColumnType[] types;
  private final CSVPrinter printer;
  private long rows;
  private boolean done;

  CsvChunkWriter(
      ExportPlan plan,
      List<ColumnType> types,
      LineageColumns lineage,
      OutputStream out,
      String location)
      throws IOException {
    this.location = location;
    this.stream = new CountingDigestStream(out);
    this.rowReader =
        new RowReader(types, lineage, ValuePolicies.of(plan), warnings, location, plan.splitKey());
    this.types = lineage.outputTypes().toArray(new ColumnType[0]);
    CSVFormat format =
        CSVFormat.RFC4180
            .builder()
            .setQuoteMode(QuoteMode.ALL_NON_NULL)
            .setHeader(Arrays.stream(this.types).map(ColumnType::name).toArray(String[]::new))
            .get();
    try {
      Writer text =
          new BufferedWriter(
              new OutputStreamWriter(
                  CsvCompression.open(plan.export().compression(), stream), StandardCharsets.UTF_8),
              BUFFER_CHARS);
      this.printer = new CSVPrinter(text, format);
    } catch (IOException | RuntimeException e) {
      try {
        stream.close();
      } catch (IOException closeFailure) {
        e.addSuppressed(closeFailure);
      }
      throw e;
    }
  }

  @Override
  public void writeRow(SourceRow source) throws SQLException, IOException {
    if (done) {
      throw new IllegalStateException("the writer of " + location + " is finished or closed");
    }
    long rowNumber = rows + 1;
    Object[] row = rowReader.read(source, rowNumber);
    for (int i = 0; i < types.length; i++) {
      printer.print(row[i] == null ? null : CsvText.format(types[i], row[i]));
    }
    printer.println();
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
    return stream.getPos();
  }

  @Override
  public FinishedFile finish() throws IOException {
    if (done) {
      throw new IllegalStateException("finish() called on a finished or closed writer");
    }
    done = true;
    try {
      // Closes the chain: flushes the buffer, ends the compression frame, closes the stream.
      printer.close(true);
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
      // Abort: buffered text and any unfinished compression frame are dropped.
      stream.close();
    }
  }
}
