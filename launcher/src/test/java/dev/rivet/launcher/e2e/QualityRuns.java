package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;

/**
 * One-export configs with a quality contract, run through the CLI, and what a run left behind: its
 * folder, its {@code quality.json}, its status in the SQLite state and the export's mark.
 */
final class QualityRuns {
  private final Path dir;
  private final String sourceYaml;

  QualityRuns(Path dir, String sourceYaml) {
    this.dir = dir;
    this.sourceYaml = sourceYaml;
  }

  /** {@code <name>.yaml}: {@code format} files without compression into {@code out/}. */
  Path config(String name, String format, String... exportLines) throws Exception {
    StringBuilder yaml =
        new StringBuilder(sourceYaml)
            .append("state: state.db\nexports:\n  - name: ")
            .append(name)
            .append("\n    format: ")
            .append(format)
            .append("\n    compression: none\n    destination: out\n");
    for (String line : exportLines) {
      yaml.append("    ").append(line).append('\n');
    }
    return Files.writeString(dir.resolve(name + ".yaml"), yaml.toString());
  }

  /**
   * The folder of the newest run of {@code export}, as the state store orders runs: folder names
   * sort by run id, which has one-second resolution, and two small runs can start in one second.
   */
  Path newestRun(String export) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("state.db"));
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT run_id FROM runs WHERE export_name = '"
                    + export
                    + "' ORDER BY rowid DESC LIMIT 1")) {
      assertThat(rs.next()).as("a run of %s in state", export).isTrue();
      Path run = dir.resolve("out").resolve(export).resolve(rs.getString(1));
      assertThat(run).as("the newest run's folder").isDirectory();
      return run;
    }
  }

  static JsonNode report(Path runDir) throws Exception {
    Path report = runDir.resolve("quality.json");
    assertThat(report).exists();
    return new ObjectMapper().readTree(report.toFile());
  }

  static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(n -> texts.add(n.asText()));
    return texts;
  }

  /** {@code status|error_class} of the export's newest run in the SQLite state. */
  String newestRunState(String export) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("state.db"));
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT status, error_class FROM runs WHERE export_name = '"
                    + export
                    + "' ORDER BY rowid DESC LIMIT 1")) {
      assertThat(rs.next()).as("a run of %s in state", export).isTrue();
      return rs.getString(1) + "|" + rs.getString(2);
    }
  }

  /** The export's stored mark, or null. */
  String mark(String export) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("state.db"));
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT mark FROM cursors WHERE export_name = '" + export + "'")) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  /** The rows of a Parquet run's data files, {@code columns} joined by '|', sorted. */
  static List<String> parquet(Path runDir, List<String> columns) throws Exception {
    List<String> rows = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> list = Files.list(runDir)) {
      files = list.filter(p -> p.toString().endsWith(".parquet")).toList();
    }
    for (Path file : files) {
      try (ParquetFileReader reader =
          ParquetFileReader.open(
              new LocalInputFile(file),
              ParquetReadOptions.builder(new PlainParquetConfiguration()).build())) {
        MessageType schema = reader.getFooter().getFileMetaData().getSchema();
        for (PageReadStore group = reader.readNextRowGroup();
            group != null;
            group = reader.readNextRowGroup()) {
          RecordReader<Group> records =
              new ColumnIOFactory()
                  .getColumnIO(schema)
                  .getRecordReader(group, new GroupRecordConverter(schema));
          for (long i = 0; i < group.getRowCount(); i++) {
            Group row = records.read();
            List<String> values = new ArrayList<>();
            for (String column : columns) {
              int field = schema.getFieldIndex(column);
              values.add(
                  row.getFieldRepetitionCount(field) == 0
                      ? "null"
                      : row.getValueToString(field, 0));
            }
            rows.add(String.join("|", values));
          }
        }
      }
    }
    rows.sort(null);
    return rows;
  }
}
