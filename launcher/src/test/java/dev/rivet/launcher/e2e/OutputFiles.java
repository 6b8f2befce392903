package dev.rivet.launcher.e2e;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.QuoteMode;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/** Reads an export's output back with independent readers (parquet-java, Commons CSV). */
final class OutputFiles {
  private OutputFiles() {}

  /** The single run folder under {@code <destination>/<export>/}. */
  /** Whether any file is under {@code dir} yet (false while it does not exist). */
  static boolean anyFile(Path dir) {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.anyMatch(Files::isRegularFile);
    } catch (IOException | java.io.UncheckedIOException e) {
      return false; // a file renamed or deleted while listed: look again
    }
  }

  static Path onlyRunDir(Path destination, String export) throws IOException {
    try (Stream<Path> runs = Files.list(destination.resolve(export))) {
      List<Path> dirs = runs.filter(Files::isDirectory).toList();
      if (dirs.size() != 1) {
        throw new AssertionError("expected exactly one run folder, found " + dirs);
      }
      return dirs.get(0);
    }
  }

  static List<Path> dataFiles(Path runDir, String extension) throws IOException {
    try (Stream<Path> files = Files.list(runDir)) {
      return files
          .filter(p -> p.getFileName().toString().startsWith("part-"))
          .filter(p -> p.getFileName().toString().endsWith(extension))
          .sorted()
          .toList();
    }
  }

  /** Adds every Parquet row's canonical column texts to the checksums. */
  static void checksumParquet(List<Path> files, ColumnChecksums sums) throws IOException {
    for (Path file : files) {
      try (ParquetReader<Group> reader =
          ParquetReader.builder(new GroupReadSupport(), new org.apache.hadoop.fs.Path(file.toUri()))
              .withConf(new Configuration())
              .build()) {
        for (Group g = reader.read(); g != null; g = reader.read()) {
          GroupType schema = g.getType();
          for (int i = 0; i < schema.getFieldCount(); i++) {
            sums.add(
                schema.getFieldName(i),
                g.getFieldRepetitionCount(i) == 0 ? null : canonical(g, i, schema.getType(i)));
          }
          sums.endRow();
        }
      }
    }
  }

  /** Adds every CSV row's fields (empty unquoted = NULL) to the checksums. */
  static void checksumCsv(List<Path> files, ColumnChecksums sums, List<String> columns)
      throws IOException {
    for (Path file : files) {
      try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
          CSVParser parser =
              CSVFormat.RFC4180
                  .builder()
                  .setHeader()
                  .setSkipHeaderRecord(true)
                  .setNullString("")
                  // Strict quote mode tells a quoted empty string from an unquoted empty NULL.
                  .setQuoteMode(QuoteMode.ALL_NON_NULL)
                  .get()
                  .parse(reader)) {
        for (CSVRecord record : parser) {
          for (String column : columns) {
            sums.add(column, record.get(column));
          }
          sums.endRow();
        }
      }
    }
  }

  private static String canonical(Group g, int field, Type type) {
    PrimitiveType p = type.asPrimitiveType();
    LogicalTypeAnnotation logical = p.getLogicalTypeAnnotation();
    if (logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation decimal) {
      BigInteger unscaled =
          switch (p.getPrimitiveTypeName()) {
            case INT32 -> BigInteger.valueOf(g.getInteger(field, 0));
            case INT64 -> BigInteger.valueOf(g.getLong(field, 0));
            default -> new BigInteger(g.getBinary(field, 0).getBytes());
          };
      return new BigDecimal(unscaled, decimal.getScale()).toPlainString();
    }
    return switch (p.getPrimitiveTypeName()) {
      case INT32 -> Integer.toString(g.getInteger(field, 0));
      case INT64 -> Long.toString(g.getLong(field, 0));
      case BOOLEAN -> Boolean.toString(g.getBoolean(field, 0));
      case DOUBLE -> Double.toString(g.getDouble(field, 0));
      case FLOAT -> Float.toString(g.getFloat(field, 0));
      default -> g.getString(field, 0);
    };
  }
}
