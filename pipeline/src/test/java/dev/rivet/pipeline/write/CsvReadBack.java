package dev.rivet.pipeline.write;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.QuoteMode;

/**
 * Parses a CSV file with Commons CSV in strict-quote mode, where an empty unquoted field is null
 * and {@code ""} the empty string.
 */
public final class CsvReadBack {
  public final List<String> header;
  public final List<List<String>> rows = new ArrayList<>();
  public final String text;

  public CsvReadBack(InputStream in) throws IOException {
    this.text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    CSVFormat format = CSVFormat.RFC4180.builder().setQuoteMode(QuoteMode.ALL_NON_NULL).get();
    try (CSVParser parser = format.parse(new java.io.StringReader(text))) {
      List<CSVRecord> records = parser.getRecords();
      header = records.get(0).toList();
      for (CSVRecord record : records.subList(1, records.size())) {
        rows.add(record.toList());
      }
    }
  }

  public static CsvReadBack of(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return new CsvReadBack(in);
    }
  }
}
