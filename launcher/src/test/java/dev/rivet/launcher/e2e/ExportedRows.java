package dev.rivet.launcher.e2e;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Rows as sorted lists of {@code col1|col2|...} text, read from an export's CSV files or from the
 * source, so a run's output can be compared with the SQL truth for its range, duplicates included.
 */
final class ExportedRows {
  private ExportedRows() {}

  /** The run folders under {@code <destination>/<export>/}, oldest first. */
  static List<Path> runDirs(Path destination, String export) throws IOException {
    try (Stream<Path> runs = Files.list(destination.resolve(export))) {
      return runs.filter(Files::isDirectory).sorted().toList();
    }
  }

  /** The newest run folder that is not in {@code before}. */
  static Path newRunDir(Path destination, String export, Set<Path> before) throws IOException {
    List<Path> fresh =
        runDirs(destination, export).stream().filter(p -> !before.contains(p)).toList();
    if (fresh.size() != 1) {
      throw new AssertionError("expected one new run folder, found " + fresh);
    }
    return fresh.get(0);
  }

  /** Every row of every data file of a CSV run, as {@code columns} joined by '|', sorted. */
  static List<String> csv(Path runDir, List<String> columns) throws IOException {
    List<String> rows = new ArrayList<>();
    try (Stream<Path> files = Files.list(runDir)) {
      for (Path file :
          files.filter(p -> p.getFileName().toString().matches("part-.*\\.csv")).toList()) {
        rows.addAll(csvFile(file, columns));
      }
    }
    rows.sort(null);
    return rows;
  }

  static List<String> csvFile(Path file, List<String> columns) throws IOException {
    List<String> rows = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        CSVParser parser =
            CSVFormat.RFC4180
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .setNullString("")
                .get()
                .parse(reader)) {
      for (CSVRecord record : parser) {
        List<String> values = new ArrayList<>();
        for (String column : columns) {
          values.add(String.valueOf(record.get(column)));
        }
        rows.add(String.join("|", values));
      }
    }
    return rows;
  }

  /** The rows of {@code sql} (every column as text, NULL as "null") joined by '|', sorted. */
  static List<String> query(Connection connection, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> values = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
          values.add(String.valueOf(rs.getString(i)));
        }
        rows.add(String.join("|", values));
      }
    }
    rows.sort(null);
    return rows;
  }
}
