package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Column overrides ({@code columns:}) on a real database: every override target is exported to
 * Parquet and CSV and read back value by value against the source's own cast of the column; lossy
 * casts need {@code allow_lossy}; unknown columns, casts the source type does not allow and bad
 * type names are refused with exit 2; {@code rivet check} reports each column's fidelity.
 */
abstract class ColumnOverridesContract {
  /** How a column's value is compared: every form is brought to one canonical text. */
  enum Canon {
    LONG,
    DECIMAL,
    DOUBLE,
    MICROS,
    DAYS,
    UUID,
    TEXT,
    HEX
  }

  /**
   * One overridden column: its override, the SQL giving the expected canonical text from the
   * source, how values compare, the expected Parquet type and the expected fidelity.
   */
  record Column(
      String name,
      String override,
      String expectedSql,
      Canon canon,
      String parquetType,
      String fidelity) {}

  @TempDir Path dir;

  /** The YAML {@code source:} block. */
  abstract String sourceYaml();

  abstract Connection connect() throws SQLException;

  /** The table, qualified. */
  abstract String table();

  /** The overridden columns, one or more per target. */
  abstract List<Column> columns();

  /** A lossy override of an existing column, and its fidelity reason's start. */
  abstract String lossyColumn();

  /** An integer column, which cannot become a uuid. */
  abstract String integerColumn();

  /** The expected canonical value of a DOUBLE column, read from the source's own cast. */
  private static String expected(ResultSet rs, int i, Canon canon) throws SQLException {
    if (canon == Canon.DOUBLE) {
      double d = rs.getDouble(i);
      return rs.wasNull() ? "null" : Double.toString(d);
    }
    return String.valueOf(rs.getString(i));
  }

  private Path config(String format, boolean allowLossy, List<String> overrideLines)
      throws Exception {
    StringBuilder yaml =
        new StringBuilder(sourceYaml())
            .append("state: state.db\nexports:\n  - name: ovr\n    table: ")
            .append(table())
            .append("\n    format: ")
            .append(format)
            .append("\n    destination: out-")
            .append(format)
            .append('\n');
    if (allowLossy) {
      yaml.append("    allow_lossy: true\n");
    }
    if (!overrideLines.isEmpty()) {
      yaml.append("    columns:\n");
    }
    for (String line : overrideLines) {
      yaml.append("      ").append(line).append('\n');
    }
    return Files.writeString(
        dir.resolve("ovr-" + format + "-" + allowLossy + ".yaml"), yaml.toString());
  }

  private List<String> overrideLines() {
    return columns().stream().map(c -> c.name() + ": \"" + c.override() + "\"").toList();
  }

  private Map<String, Map<String, String>> sourceRows() throws Exception {
    StringBuilder sql = new StringBuilder("SELECT id");
    for (Column c : columns()) {
      sql.append(", ").append(c.expectedSql());
    }
    sql.append(" FROM ").append(table());
    Map<String, Map<String, String>> rows = new TreeMap<>();
    try (Connection connection = connect();
        Statement st = connection.createStatement()) {
      prepare(st);
      try (ResultSet rs = st.executeQuery(sql.toString())) {
        while (rs.next()) {
          Map<String, String> row = new TreeMap<>();
          for (int i = 0; i < columns().size(); i++) {
            row.put(columns().get(i).name(), expected(rs, i + 2, columns().get(i).canon()));
          }
          rows.put(rs.getString(1), row);
        }
      }
    }
    return rows;
  }

  /** Session settings for the expected values' SQL (e.g. the time zone). */
  void prepare(Statement statement) throws SQLException {}

  @Test
  void shouldWriteEveryOverrideTargetToParquetAsTheSourceCastsIt() throws Exception {
    assertParquetMatchesSource(config("parquet", true, overrideLines()), "out-parquet");
  }

  /** The same through JDBC: PostgreSQL's default (auto) reads these casts by binary COPY. */
  @Test
  void shouldWriteTheSameParquetThroughJdbc() throws Exception {
    Path config = config("parquet", true, overrideLines());
    Path jdbc =
        Files.writeString(
            dir.resolve("jdbc.yaml"),
            Files.readString(config).replace("out-parquet", "out-jdbc")
                + "    tuning:\n      read_protocol: jdbc\n");

    assertParquetMatchesSource(jdbc, "out-jdbc");
  }

  private void assertParquetMatchesSource(Path config, String out) throws Exception {
    Cli.Result result = Cli.run("run", "-c", config.toString());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.err()).doesNotContain("schema changed");
    Path runDir = OutputFiles.onlyRunDir(dir.resolve(out), "ovr");
    Map<String, Map<String, String>> written = new TreeMap<>();
    for (Path file : OutputFiles.dataFiles(runDir, ".parquet")) {
      try (ParquetReader<Group> reader =
          ParquetReader.builder(new GroupReadSupport(), new org.apache.hadoop.fs.Path(file.toUri()))
              .withConf(new Configuration())
              .build()) {
        for (Group g = reader.read(); g != null; g = reader.read()) {
          MessageType schema = (MessageType) g.getType();
          for (Column c : columns()) {
            PrimitiveType type = schema.getType(c.name()).asPrimitiveType();
            LogicalTypeAnnotation logical = type.getLogicalTypeAnnotation();
            assertThat(type.getPrimitiveTypeName() + (logical == null ? "" : " " + logical))
                .as(c.name())
                .isEqualTo(c.parquetType());
          }
          Map<String, String> row = new TreeMap<>();
          for (Column c : columns()) {
            row.put(c.name(), parquetValue(g, schema, c));
          }
          written.put(parquetValue(g, schema, new Column("id", "", "", Canon.LONG, "", "")), row);
        }
      }
    }
    assertThat(written).isEqualTo(sourceRows()).hasSizeGreaterThan(2);
  }

  @Test
  void shouldWriteEveryOverrideTargetToCsvAsTheSourceCastsIt() throws Exception {
    Path config = config("csv", true, overrideLines());

    Cli.Result result = Cli.run("run", "-c", config.toString());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    Path runDir = OutputFiles.onlyRunDir(dir.resolve("out-csv"), "ovr");
    Map<String, Map<String, String>> written = new TreeMap<>();
    for (Path file : OutputFiles.dataFiles(runDir, ".csv")) {
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
          Map<String, String> row = new TreeMap<>();
          for (Column c : columns()) {
            row.put(c.name(), csvValue(record.get(c.name()), c.canon()));
          }
          written.put(record.get("id"), row);
        }
      }
    }
    assertThat(written).isEqualTo(sourceRows()).hasSizeGreaterThan(2);
  }

  @Test
  void shouldReportANewOverrideOnceAsASchemaChange() throws Exception {
    Path plain = config("csv", false, List.of());
    Path overridden =
        Files.writeString(
            dir.resolve("overridden.yaml"),
            Files.readString(plain) + "    columns:\n      " + integerColumn() + ": text\n");

    Cli.Result first = Cli.run("run", "-c", plain.toString());
    Cli.Result second = Cli.run("run", "-c", overridden.toString());
    Cli.Result third = Cli.run("run", "-c", overridden.toString());

    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(second.err())
        .contains("the source schema changed")
        .contains("column '" + integerColumn() + "' retyped");
    assertThat(third.exitCode()).as(third.toString()).isZero();
    assertThat(third.err()).doesNotContain("schema changed");
  }

  @Test
  void shouldRefuseALossyOverrideWithoutAllowLossy() throws Exception {
    Path config = config("parquet", false, List.of(lossyLine()));

    Cli.Result result = Cli.run("run", "-c", config.toString());

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(result.err())
        .contains(config.toString())
        .contains("exports[0].columns." + lossyColumn())
        .contains("can lose data")
        .contains("allow_lossy: true")
        .doesNotContain("Exception");
    assertThat(dir.resolve("out-parquet")).doesNotExist();
  }

  private String lossyLine() {
    Column lossy =
        columns().stream().filter(c -> c.name().equals(lossyColumn())).findFirst().orElseThrow();
    return lossy.name() + ": \"" + lossy.override() + "\"";
  }

  @Test
  void shouldRefuseAnOverrideOfAColumnTheExportDoesNotHave() throws Exception {
    String typo = integerColumn() + "x";
    Path config = config("parquet", false, List.of(typo + ": int64"));

    Cli.Result result = Cli.run("run", "-c", config.toString());

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(result.err())
        .contains("exports[0].columns." + typo)
        .contains("has no column '" + typo + "'")
        .contains("did you mean '" + integerColumn() + "'?")
        .doesNotContain("Exception");
  }

  @Test
  void shouldRefuseACastTheSourceTypeDoesNotAllow() throws Exception {
    Path config = config("parquet", true, List.of(integerColumn() + ": uuid"));

    Cli.Result result = Cli.run("run", "-c", config.toString());

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(result.err())
        .contains("exports[0].columns." + integerColumn())
        .contains("cannot be written as uuid")
        .contains("allowed for it: text, decimal(p,s), int64, float64")
        .doesNotContain("Exception");
  }

  @Test
  void shouldRefuseAnUnknownOutputTypeWhenTheConfigIsLoaded() throws Exception {
    Path config = config("parquet", false, List.of(integerColumn() + ": integer"));

    Cli.Result result = Cli.run("validate", "-c", config.toString());

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(result.err())
        .contains("exports[0].columns." + integerColumn())
        .contains("unknown output type 'integer'")
        .contains("text | json | decimal(p,s) | int64");
  }

  @Test
  void shouldReportEveryColumnsFidelityInCheck() throws Exception {
    Path config = config("parquet", true, overrideLines());

    Cli.Result json = Cli.run("check", "-c", config.toString(), "--output", "json");
    Cli.Result text = Cli.run("check", "-c", config.toString());

    assertThat(json.exitCode()).as(json.toString()).isIn(0, 9);
    JsonNode export = new ObjectMapper().readTree(json.out()).get("exports").get(0);
    Map<String, JsonNode> byName = new TreeMap<>();
    export.get("columns").forEach(c -> byName.put(c.get("name").asText(), c));
    assertThat(byName).containsKey("id");
    assertThat(byName.get("id").get("fidelity").asText()).isEqualTo("exact");
    assertThat(byName.get("id").get("override").isNull()).isTrue();
    for (Column c : columns()) {
      JsonNode node = byName.get(c.name());
      assertThat(node.get("override").asText()).as(c.name()).isEqualTo(c.override());
      assertThat(node.get("fidelity").asText()).as(c.name()).isEqualTo(c.fidelity());
      assertThat(node.get("parquet").asText().replace("(16)", ""))
          .as(c.name())
          .isEqualTo(c.parquetType());
      assertThat(node.get("reason").isNull()).as(c.name()).isEqualTo(c.fidelity().equals("exact"));
    }
    assertThat(text.out())
        .contains("  columns:")
        .contains("(override " + lossyOverride() + ")")
        .contains(" lossy: ");
  }

  private String lossyOverride() {
    return columns().stream()
        .filter(c -> c.name().equals(lossyColumn()))
        .findFirst()
        .orElseThrow()
        .override();
  }

  private static String parquetValue(Group g, MessageType schema, Column c) {
    int field = schema.getFieldIndex(c.name());
    if (g.getFieldRepetitionCount(field) == 0) {
      return "null";
    }
    PrimitiveType type = schema.getType(field).asPrimitiveType();
    switch (c.canon()) {
      case LONG:
        return type.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.INT32
            ? Integer.toString(g.getInteger(field, 0))
            : Long.toString(g.getLong(field, 0));
      case DECIMAL:
        LogicalTypeAnnotation.DecimalLogicalTypeAnnotation decimal =
            (LogicalTypeAnnotation.DecimalLogicalTypeAnnotation) type.getLogicalTypeAnnotation();
        BigInteger unscaled =
            switch (type.getPrimitiveTypeName()) {
              case INT32 -> BigInteger.valueOf(g.getInteger(field, 0));
              case INT64 -> BigInteger.valueOf(g.getLong(field, 0));
              default -> new BigInteger(g.getBinary(field, 0).getBytes());
            };
        return new BigDecimal(unscaled, decimal.getScale()).toPlainString();
      case DOUBLE:
        return Double.toString(g.getDouble(field, 0));
      case MICROS:
        return Long.toString(g.getLong(field, 0));
      case DAYS:
        return Integer.toString(g.getInteger(field, 0));
      case UUID:
        ByteBuffer bytes = ByteBuffer.wrap(g.getBinary(field, 0).getBytes());
        return new UUID(bytes.getLong(), bytes.getLong()).toString();
      case HEX:
        return "\\x" + HexFormat.of().formatHex(g.getBinary(field, 0).getBytes());
      default:
        return g.getString(field, 0);
    }
  }

  private static String csvValue(String text, Canon canon) {
    if (text == null) {
      return "null";
    }
    switch (canon) {
      case MICROS:
        Instant instant =
            text.endsWith("Z")
                ? Instant.parse(text)
                : LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        return Long.toString(
            Math.addExact(
                Math.multiplyExact(instant.getEpochSecond(), 1_000_000L),
                instant.getNano() / 1000));
      case DAYS:
        return Long.toString(LocalDate.parse(text).toEpochDay());
      default:
        return text;
    }
  }
}
