package dev.rivet.pipeline.quality;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.file.WrittenFile;
import dev.rivet.kernel.plan.Compression;
import dev.rivet.kernel.plan.Format;
import dev.rivet.pipeline.files.ChannelInputFile;
import dev.rivet.pipeline.files.CsvDecompression;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;
import org.apache.commons.csv.QuoteMode;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Reads only the named columns of a run's files, row by row, as text (null for NULL): Parquet with
 * column projection (only those columns' pages are read and decoded, one row group at a time), CSV
 * parsed as the CSV writer writes it (an unquoted empty field is NULL). Reads through Beam's
 * FileSystems: local, S3 and GCS alike.
 */
final class RunFileRows {
  private static final int BUFFER_BYTES = 64 * 1024;

  /** How Rivet writes CSV: quoted non-NULL values, so that an unquoted empty field is NULL. */
  private static final CSVFormat CSV =
      CSVFormat.RFC4180
          .builder()
          .setQuoteMode(QuoteMode.ALL_NON_NULL)
          .setHeader()
          .setSkipHeaderRecord(true)
          .setDuplicateHeaderMode(DuplicateHeaderMode.ALLOW_ALL)
          .setAllowMissingColumnNames(true)
          .get();

  private final String export;
  private final List<String> columns;

  /**
   * @param columns the columns to read; each row passed on holds their values in this order
   */
  RunFileRows(String export, List<String> columns) {
    this.export = export;
    this.columns = List.copyOf(columns);
  }

  /** Passes each row of {@code file} to {@code rows}. */
  void read(WrittenFile file, Format format, Compression compression, Consumer<String[]> rows)
      throws IOException {
    MatchResult.Metadata found = FileSystems.matchSingleFileSpec(file.path());
    switch (format) {
      case PARQUET:
        parquet(found, rows);
        return;
      case CSV:
        csv(found, compression, rows);
        return;
      default:
        throw new IllegalArgumentException("unhandled format " + format);
    }
  }

  private void parquet(MatchResult.Metadata file, Consumer<String[]> rows) throws IOException {
    ParquetReadOptions options =
        ParquetReadOptions.builder(new PlainParquetConfiguration()).build();
    try (ParquetFileReader reader = ParquetFileReader.open(new ChannelInputFile(file), options)) {
      MessageType schema = reader.getFooter().getFileMetaData().getSchema();
      List<Type> fields = new ArrayList<>();
      for (String column : columns) {
        if (!schema.containsField(column)) {
          throw unreadable(file, "it has no column '" + column + "'");
        }
        Type field = schema.getType(column);
        if (!field.isPrimitive()) {
          throw new RivetException(
              FailureKind.USER_CONFIG,
              "export '"
                  + export
                  + "': quality checks column '"
                  + column
                  + "', an array, map or struct",
              "quality checks only columns of single values; remove the column from quality");
        }
        fields.add(field);
      }
      MessageType projection = new MessageType(schema.getName(), fields);
      reader.setRequestedSchema(projection);
      MessageColumnIO io = new ColumnIOFactory().getColumnIO(projection, schema);
      PrimitiveType[] types =
          fields.stream().map(Type::asPrimitiveType).toArray(PrimitiveType[]::new);
      for (PageReadStore group = reader.readNextRowGroup();
          group != null;
          group = reader.readNextRowGroup()) {
        RecordReader<Group> records =
            io.getRecordReader(group, new GroupRecordConverter(projection));
        for (long i = 0; i < group.getRowCount(); i++) {
          Group row = records.read();
          String[] values = new String[types.length];
          for (int c = 0; c < types.length; c++) {
            values[c] = ParquetValueText.of(row, c, types[c]);
          }
          rows.accept(values);
        }
      }
    } catch (RuntimeException e) {
      if (e instanceof RivetException) {
        throw e;
      }
      // parquet-java reports a corrupt file with unchecked exceptions.
      throw new IOException(file.resourceId() + ": " + e, e);
    }
  }

  private void csv(MatchResult.Metadata file, Compression compression, Consumer<String[]> rows)
      throws IOException {
    try (InputStream raw =
            new BufferedInputStream(
                Channels.newInputStream(FileSystems.open(file.resourceId())), BUFFER_BYTES);
        Reader text =
            new InputStreamReader(CsvDecompression.open(compression, raw), StandardCharsets.UTF_8);
        CSVParser parser = CSV.parse(text)) {
      List<String> header = parser.getHeaderNames();
      int[] positions = new int[columns.size()];
      for (int c = 0; c < positions.length; c++) {
        positions[c] = header.indexOf(columns.get(c));
        if (positions[c] < 0) {
          throw unreadable(file, "its header has no column '" + columns.get(c) + "'");
        }
      }
      for (CSVRecord record : parser) {
        String[] values = new String[positions.length];
        for (int c = 0; c < positions.length; c++) {
          values[c] = record.get(positions[c]);
        }
        rows.accept(values);
      }
    }
  }

  private IOException unreadable(MatchResult.Metadata file, String why) {
    return new IOException(
        "export '" + export + "': file " + file.resourceId() + " cannot be checked: " + why);
  }
}
