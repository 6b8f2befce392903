package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.launcher.command.RivetCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code destination: "-"}: the whole export streamed to standard output as one CSV (or Parquet)
 * file for piping, every report on standard error, the run recorded in the state store.
 */
class StdoutDestinationEndToEndTest {
  // Per process: the same suite may run twice at once against one database.
  private static final String TABLE = "stdoutdest_e2e_" + ProcessHandle.current().pid();

  @TempDir Path dir;

  @BeforeAll
  static void createTable() throws Exception {
    TestDatabase.execute(
        "DROP TABLE IF EXISTS " + TABLE,
        "CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY, note text)",
        "INSERT INTO "
            + TABLE
            + " SELECT g, CASE WHEN g % 50 = 0 THEN NULL ELSE 'line\n' || g END"
            + " FROM generate_series(1, 3000) g",
        "ANALYZE " + TABLE);
  }

  @AfterAll
  static void dropTable() throws Exception {
    TestDatabase.execute("DROP TABLE IF EXISTS " + TABLE);
  }

  @Test
  void shouldStreamEveryRowAsOneCsvOnStdoutAndReportOnStderr() throws Exception {
    Path config = config("csv", "destination: '-'");

    Captured run = run("run", "-c", config.toString());

    assertThat(run.exitCode).as(run.err).isZero();
    String csv = new String(run.out, StandardCharsets.UTF_8);
    assertThat(csv).startsWith("\"id\",\"note\"\r\n");
    assertThat(csvRows(csv)).isEqualTo(truth());
    assertThat(run.err).contains("export s  run ").contains("SUCCEEDED").contains("output -");
    Captured runs = run("state", "runs", "-c", config.toString());
    assertThat(new String(runs.out, StandardCharsets.UTF_8)).contains("SUCCEEDED");
  }

  @Test
  void shouldStreamOneParquetFileWhenStdoutIsNotATerminal() throws Exception {
    Path config = config("parquet", "destination: stdout");

    Captured run = run("run", "-c", config.toString());

    assertThat(run.exitCode).as(run.err).isZero();
    Path file = Files.write(dir.resolve("piped.parquet"), run.out);
    try (ParquetFileReader reader =
        ParquetFileReader.open(
            new LocalInputFile(file),
            ParquetReadOptions.builder(new PlainParquetConfiguration()).build())) {
      assertThat(reader.getRecordCount()).isEqualTo(3000);
      assertThat(reader.getFooter().getFileMetaData().getSchema().getFieldCount()).isEqualTo(2);
    }
  }

  @Test
  void shouldRefuseValidatingAStreamThatCannotBeReadBack() throws Exception {
    Path config = config("csv", "destination: '-'");
    assertThat(run("run", "-c", config.toString()).exitCode).isZero();

    Captured validate = run("validate", "-c", config.toString());
    Captured runValidate = run("run", "-c", config.toString(), "--validate");
    Captured reconcile = run("reconcile", "-c", config.toString());

    assertThat(validate.exitCode).isEqualTo(2);
    assertThat(validate.err).contains("went to standard output, which cannot be read back");
    assertThat(runValidate.exitCode).isEqualTo(2);
    assertThat(runValidate.out).isEmpty();
    assertThat(runValidate.err).contains("--validate cannot read back");
    assertThat(reconcile.exitCode).as(reconcile.err).isZero();
  }

  @Test
  void shouldRefuseTwoExportsOnStdoutAtOnce() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("two.yaml"),
            TestDatabase.sourceYaml()
                + "state: state.db\nexports:\n"
                + "  - {name: a, table: "
                + TABLE
                + ", format: csv, destination: '-'}\n"
                + "  - {name: b, table: "
                + TABLE
                + ", format: csv, destination: '-'}\n");

    Captured run = run("run", "-c", config.toString());

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.out).isEmpty();
    assertThat(run.err)
        .contains("exports a, b all write to standard output")
        .contains("--export NAME");
  }

  private Path config(String format, String destinationLine) throws Exception {
    return Files.writeString(
        dir.resolve("rivet.yaml"),
        TestDatabase.sourceYaml()
            + "state: state.db\nexports:\n  - name: s\n    table: "
            + TABLE
            + "\n    format: "
            + format
            + "\n    compression: none\n    chunk_rows: 700\n    "
            + destinationLine
            + "\n");
  }

  private record Captured(int exitCode, byte[] out, String err) {}

  /** Runs rivet in process, keeping standard output as bytes (it may be Parquet). */
  private static Captured run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = RivetCommand.execute(args, o, e);
    }
    return new Captured(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
  }

  private static List<String> csvRows(String csv) throws Exception {
    List<String> rows = new ArrayList<>();
    try (CSVParser parser =
        CSVFormat.RFC4180
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setNullString("")
            .get()
            .parse(new StringReader(csv))) {
      for (CSVRecord record : parser) {
        rows.add(record.get("id") + "|" + record.get("note"));
      }
    }
    rows.sort(null);
    return rows;
  }

  private static List<String> truth() throws Exception {
    try (Connection c = TestDatabase.connect()) {
      return ExportedRows.query(c, "SELECT id, note FROM " + TABLE);
    }
  }
}
