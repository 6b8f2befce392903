package dev.rivet.launcher.e2e;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.QuoteMode;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;

/**
 * Reads exported rows with their lineage columns back with independent readers (parquet-java's
 * example Group reader, Commons CSV): the source columns {@code id}, {@code note}, {@code total} as
 * text, and {@code _rivet_exported_at}, {@code _rivet_run_id}, {@code _rivet_row_hash} as values
 * (null when the file has no such column).
 */
final class LineageRows {
  /** One exported row; {@code file} is the data file it came from. */
  record Row(String file, long id, String text, Instant exportedAt, String runId, Long rowHash) {}

  private LineageRows() {}

  static List<Row> parquet(List<Path> files) throws IOException {
    List<Row> rows = new ArrayList<>();
    for (Path file : files) {
      try (ParquetReader<Group> reader =
          ParquetReader.builder(new GroupReadSupport(), new org.apache.hadoop.fs.Path(file.toUri()))
              .withConf(new Configuration())
              .build()) {
        for (Group g = reader.read(); g != null; g = reader.read()) {
          Instant exportedAt = null;
          if (has(g, "_rivet_exported_at")) {
            long micros = g.getLong("_rivet_exported_at", 0);
            exportedAt =
                Instant.ofEpochSecond(
                    Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
          }
          rows.add(
              new Row(
                  file.getFileName().toString(),
                  g.getLong("id", 0),
                  g.getLong("id", 0) + "|" + text(g, "note") + "|" + decimal(g, "total"),
                  exportedAt,
                  has(g, "_rivet_run_id") ? g.getString("_rivet_run_id", 0) : null,
                  has(g, "_rivet_row_hash") ? g.getLong("_rivet_row_hash", 0) : null));
        }
      }
    }
    return rows;
  }

  static List<Row> csv(List<Path> files) throws IOException {
    List<Row> rows = new ArrayList<>();
    for (Path file : files) {
      try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        rows.addAll(csv(file.getFileName().toString(), reader));
      }
    }
    return rows;
  }

  static List<Row> csv(String name, String content) throws IOException {
    return csv(name, new StringReader(content));
  }

  private static List<Row> csv(String name, Reader reader) throws IOException {
    List<Row> rows = new ArrayList<>();
    try (CSVParser parser =
        CSVFormat.RFC4180
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setNullString("")
            // Strict quote mode tells a quoted empty string from an unquoted empty NULL.
            .setQuoteMode(QuoteMode.ALL_NON_NULL)
            .get()
            .parse(reader)) {
      for (CSVRecord r : parser) {
        String exportedAt = r.isMapped("_rivet_exported_at") ? r.get("_rivet_exported_at") : null;
        String hash = r.isMapped("_rivet_row_hash") ? r.get("_rivet_row_hash") : null;
        rows.add(
            new Row(
                name,
                Long.parseLong(r.get("id")),
                r.get("id") + "|" + r.get("note") + "|" + r.get("total"),
                exportedAt == null ? null : Instant.parse(exportedAt),
                r.isMapped("_rivet_run_id") ? r.get("_rivet_run_id") : null,
                hash == null ? null : Long.parseLong(hash)));
      }
    }
    return rows;
  }

  private static boolean has(Group g, String field) {
    return g.getType().containsField(field) && g.getFieldRepetitionCount(field) > 0;
  }

  private static String text(Group g, String field) {
    return has(g, field) ? g.getString(field, 0) : "null";
  }

  private static String decimal(Group g, String field) {
    if (!has(g, field)) {
      return "null";
    }
    PrimitiveType type = g.getType().getType(field).asPrimitiveType();
    int scale =
        ((LogicalTypeAnnotation.DecimalLogicalTypeAnnotation) type.getLogicalTypeAnnotation())
            .getScale();
    BigInteger unscaled =
        switch (type.getPrimitiveTypeName()) {
          case INT32 -> BigInteger.valueOf(g.getInteger(field, 0));
          case INT64 -> BigInteger.valueOf(g.getLong(field, 0));
          default -> new BigInteger(g.getBinary(field, 0).getBytes());
        };
    return new BigDecimal(unscaled, scale).toPlainString();
  }
}
