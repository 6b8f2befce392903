package dev.rivet.pipeline.validate;

import com.github.luben.zstd.ZstdOutputStream;
import dev.rivet.kernel.plan.Compression;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorOutputStream;
import org.apache.commons.compress.compressors.snappy.FramedSnappyCompressorOutputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/** Writes small Parquet and CSV files the way Rivet's writers frame them, for validation tests. */
final class TestFiles {
  private static final MessageType SCHEMA =
      MessageTypeParser.parseMessageType(
          "message row { required int64 id; optional binary note (STRING); }");

  private TestFiles() {}

  /** A Parquet file of {@code rows} rows in row groups of at most {@code rowsPerGroup}. */
  static void parquet(Path file, int rows) throws IOException {
    SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
    try (ParquetWriter<Group> writer =
        ExampleParquetWriter.builder(new LocalOutputFile(file))
            .withConf(new PlainParquetConfiguration())
            .withType(SCHEMA)
            .build()) {
      for (int i = 0; i < rows; i++) {
        writer.write(groups.newGroup().append("id", (long) i).append("note", "n" + i));
      }
    }
  }

  /**
   * A CSV file with a header and {@code rows} rows, quoted like Rivet's writer, whose notes hold
   * CRLF and quotes so a line count would be wrong.
   */
  static void csv(Path file, int rows, Compression compression) throws IOException {
    CSVFormat format =
        CSVFormat.RFC4180
            .builder()
            .setQuoteMode(QuoteMode.ALL_NON_NULL)
            .setHeader("id", "note")
            .get();
    try (Writer text =
            new OutputStreamWriter(
                compress(compression, Files.newOutputStream(file)), StandardCharsets.UTF_8);
        CSVPrinter printer = new CSVPrinter(text, format)) {
      for (int i = 0; i < rows; i++) {
        printer.printRecord(i, i % 3 == 0 ? null : "line\r\nwith \"quotes\" \u2713 " + i);
      }
    }
  }

  static OutputStream compress(Compression compression, OutputStream out) throws IOException {
    switch (compression) {
      case NONE:
        return out;
      case GZIP:
        return new GZIPOutputStream(out);
      case ZSTD:
        return new ZstdOutputStream(out);
      case SNAPPY:
        return new FramedSnappyCompressorOutputStream(out);
      case LZ4:
        return new FramedLZ4CompressorOutputStream(out);
      default:
        throw new IllegalArgumentException("unhandled " + compression);
    }
  }

  static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  /** Flips every bit of the byte at {@code offset}. */
  static void flipByte(Path file, long offset) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    bytes[(int) offset] ^= (byte) 0xFF;
    Files.write(file, bytes);
  }
}
