package dev.rivet.pipeline.validate;

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
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;

/**
 * Counts the data rows of a written file: for Parquet the row counts of the row groups in the
 * footer (no page is decoded), for CSV the records after the header, parsed as RFC 4180 in strict
 * UTF-8. Anything that does not read as such a file is an {@link IOException} naming what is wrong.
 * Files are read through Beam's FileSystems: local, S3 and GCS alike.
 */
final class RowCounter {
  private static final int BUFFER_BYTES = 64 * 1024;
  private static final CSVFormat CSV =
      CSVFormat.RFC4180
          .builder()
          .setHeader()
          .setSkipHeaderRecord(true)
          // A query export may repeat or blank a column name; the header is only counted here.
          .setDuplicateHeaderMode(DuplicateHeaderMode.ALLOW_ALL)
          .setAllowMissingColumnNames(true)
          .get();

  private RowCounter() {}

  /** Counts the rows of a local file. */
  static long count(Path file, Format format, Compression compression) throws IOException {
    return count(
        FileSystems.matchSingleFileSpec(file.toAbsolutePath().toString()), format, compression);
  }

  static long count(MatchResult.Metadata file, Format format, Compression compression)
      throws IOException {
    switch (format) {
      case PARQUET:
        return parquetRows(file);
      case CSV:
        return csvRows(file, compression);
      default:
        throw new IllegalArgumentException("unhandled format " + format);
    }
  }

  private static long parquetRows(MatchResult.Metadata file) throws IOException {
    ParquetReadOptions options =
        ParquetReadOptions.builder(new PlainParquetConfiguration()).build();
    try (ParquetFileReader reader = ParquetFileReader.open(new ChannelInputFile(file), options)) {
      return reader.getRecordCount();
    } catch (RuntimeException e) {
      // parquet-java reports a corrupt footer with unchecked exceptions.
      throw new IOException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  private static long csvRows(MatchResult.Metadata file, Compression compression)
      throws IOException {
    try (InputStream raw =
            new BufferedInputStream(
                Channels.newInputStream(FileSystems.open(file.resourceId())), BUFFER_BYTES);
        Reader text = strictUtf8(CsvDecompression.open(compression, raw));
        CSVParser parser = CSV.parse(text)) {
      int columns = parser.getHeaderNames().size();
      long rows = 0;
      for (CSVRecord record : parser) {
        if (record.size() != columns) {
          throw new IOException(
              "record "
                  + record.getRecordNumber()
                  + " has "
                  + record.size()
                  + " fields, the header has "
                  + columns);
        }
        rows++;
      }
      return rows;
    } catch (RuntimeException e) {
      // Commons CSV reports parse errors as UncheckedIOException or IllegalStateException.
      throw new IOException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  private static Reader strictUtf8(InputStream in) {
    return new InputStreamReader(
        in,
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT));
  }
}
