package dev.rivet.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rivet.kernel.destination.Destination;
import dev.rivet.kernel.file.WrittenFile;
import dev.rivet.kernel.plan.CheckSettings;
import dev.rivet.kernel.plan.Compression;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.kernel.plan.FileRotation;
import dev.rivet.kernel.plan.Format;
import dev.rivet.kernel.plan.FullMode;
import dev.rivet.kernel.plan.InfinityPolicy;
import dev.rivet.kernel.plan.OutputSettings;
import dev.rivet.kernel.plan.ReadSettings;
import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.kernel.plan.ValuePolicies;
import dev.rivet.kernel.testing.servers.TestServer;
import dev.rivet.kernel.testing.servers.TestServers;
import dev.rivet.pipeline.finalize.Manifest;
import dev.rivet.pipeline.write.CsvReadBack;
import dev.rivet.pipeline.write.ParquetReadBack;
import dev.rivet.pipeline.write.PostgresFixture;
import dev.rivet.planner.Planner;
import dev.rivet.state.ChunkRecord;
import dev.rivet.state.StateLocation;
import dev.rivet.state.StateStore;
import dev.rivet.state.backends.StateStores;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File rotation through the whole extract on the DirectRunner with Rivet's state: chunks split into
 * several files by rows or bytes, every file published and recorded, the rows exactly the source's.
 */
class FileRotationTest {
  private static final String SCHEMA = "rivet_rotation";
  private static final String ITEMS = SCHEMA + ".items";
  private static final int ROWS = 20_000;

  @TempDir Path dir;

  @BeforeAll
  static void createTable() throws Exception {
    PostgresFixture.execute(
        "CREATE SCHEMA IF NOT EXISTS " + SCHEMA,
        "DROP TABLE IF EXISTS " + ITEMS,
        "CREATE TABLE " + ITEMS + " (id bigint PRIMARY KEY, label text, amount numeric(10,2))",
        "INSERT INTO "
            + ITEMS
            + " SELECT g, CASE WHEN g % 11 = 0 THEN NULL"
            + " ELSE md5(g::text) || repeat('r', g % 37) || ' \u2713' END, g / 8.0"
            + " FROM generate_series(1, "
            + ROWS
            + ") g",
        "ANALYZE " + ITEMS);
  }

  @Test
  void shouldSplitEveryChunkIntoFilesOfAtMostMaxRowsAndPublishThemAll() throws Exception {
    ExportPlan plan = plan("by_rows", ITEMS, Format.CSV, 6_000, new FileRotation(0, 1_500));
    assertThat(plan.chunks()).hasSizeGreaterThan(2);

    extract(plan);

    Path runDir = runDir(plan);
    List<Path> files = dataFiles(runDir);
    assertThat(files)
        .allSatisfy(
            f -> assertThat(f.getFileName().toString()).matches("part-\\d{5}-\\d{5}\\.csv"));
    Map<Integer, Integer> filesPerChunk = new HashMap<>();
    List<List<String>> rows = new ArrayList<>();
    for (Path file : files) {
      List<List<String>> fileRows = CsvReadBack.of(file).rows;
      assertThat(fileRows).as(file.toString()).hasSizeLessThanOrEqualTo(1_500).isNotEmpty();
      rows.addAll(fileRows);
      filesPerChunk.merge(chunkOf(file), 1, Integer::sum);
    }
    assertThat(filesPerChunk).hasSize(plan.chunks().size());
    assertThat(filesPerChunk.values()).allSatisfy(n -> assertThat(n).isGreaterThan(1));
    assertThat(byId(rows)).containsExactlyElementsOf(sourceRows(ITEMS));
    assertPublishedAndRecorded(plan, files);
  }

  @Test
  void shouldRotateParquetOnceAFileReachesMaxFileSize() throws Exception {
    long limit = 128 * 1024;
    ExportPlan plan =
        plan("parquet_bytes", ITEMS, Format.PARQUET, 10_000, new FileRotation(limit, 0));

    extract(plan);

    List<Path> files = dataFiles(runDir(plan));
    assertThat(files).hasSizeGreaterThan(2 * plan.chunks().size());
    List<List<String>> rows = new ArrayList<>();
    for (Path file : files) {
      // The footer and dictionary pages are written at close, past the size the writer counted.
      assertThat(Files.size(file)).as(file.toString()).isLessThanOrEqualTo(limit + 16 * 1024);
      for (Map<String, Object> row : new ParquetReadBack(file).rows) {
        rows.add(
            canonical(
                row.get("id"), row.get("label"), row.get("amount"), BigDecimal::toPlainString));
      }
    }
    assertThat(notLastOfTheirChunk(files))
        .allSatisfy(f -> assertThat(Files.size(f)).isGreaterThan(limit / 2));
    assertThat(byId(rows)).containsExactlyElementsOf(sourceRows(ITEMS));
    assertPublishedAndRecorded(plan, files);
  }

  @Test
  void shouldRotateCsvOnceAFileReachesMaxFileSize() throws Exception {
    long limit = 96 * 1024;
    ExportPlan plan = plan("csv_bytes", ITEMS, Format.CSV, 10_000, new FileRotation(limit, 0));

    extract(plan);

    List<Path> files = dataFiles(runDir(plan));
    assertThat(files).hasSizeGreaterThan(2 * plan.chunks().size());
    List<List<String>> rows = new ArrayList<>();
    for (Path file : files) {
      // Up to 64 Ki characters of text and the encoder's 8 KiB were still buffered at the check.
      assertThat(Files.size(file)).as(file.toString()).isLessThanOrEqualTo(limit + 73 * 1024 + 200);
      rows.addAll(CsvReadBack.of(file).rows);
    }
    assertThat(notLastOfTheirChunk(files))
        .allSatisfy(f -> assertThat(Files.size(f)).isGreaterThanOrEqualTo(limit));
    assertThat(byId(rows)).containsExactlyElementsOf(sourceRows(ITEMS));
    assertPublishedAndRecorded(plan, files);
  }

  @Test
  void shouldReplaceEveryFileOfAnEarlierLongerAttemptWhenAChunkIsWrittenAgain() throws Exception {
    String table = SCHEMA + ".shrinking";
    PostgresFixture.execute(
        "DROP TABLE IF EXISTS " + table,
        "CREATE TABLE " + table + " (id bigint PRIMARY KEY, label text, amount numeric(10,2))",
        "INSERT INTO " + table + " SELECT g, 'label ' || g, g FROM generate_series(1, 3000) g",
        "ANALYZE " + table);
    ExportPlan plan = plan("shrinking", table, Format.CSV, 100_000, new FileRotation(0, 500));
    assertThat(plan.chunks()).hasSize(1);
    extract(plan);
    assertThat(dataFiles(runDir(plan))).hasSize(6);
    PostgresFixture.execute("DELETE FROM " + table + " WHERE id > 1000");

    extract(plan);

    List<Path> files = dataFiles(runDir(plan));
    assertThat(files)
        .extracting(f -> f.getFileName().toString())
        .containsExactly("part-00000-00000.csv", "part-00000-00001.csv");
    List<List<String>> rows = new ArrayList<>();
    for (Path file : files) {
      rows.addAll(CsvReadBack.of(file).rows);
    }
    assertThat(byId(rows)).containsExactlyElementsOf(sourceRows(table));
    assertPublishedAndRecorded(plan, files);
  }

  @Test
  void shouldKeepOneFilePerChunkWithTheUnnumberedNameWithoutRotation() throws Exception {
    ExportPlan plan = plan("unlimited", ITEMS, Format.CSV, 6_000, FileRotation.NONE);

    extract(plan);

    List<Path> files = dataFiles(runDir(plan));
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < plan.chunks().size(); i++) {
      expected.add(String.format("part-%05d.csv", i));
    }
    assertThat(files)
        .extracting(f -> f.getFileName().toString())
        .containsExactlyElementsOf(expected);
    List<List<String>> rows = new ArrayList<>();
    for (Path file : files) {
      rows.addAll(CsvReadBack.of(file).rows);
    }
    assertThat(byId(rows)).containsExactlyElementsOf(sourceRows(ITEMS));
    assertPublishedAndRecorded(plan, files);
  }

  /**
   * The run is published, and its manifest (built from the pipeline's file results) and the state
   * store name exactly {@code files}, with their sizes and row counts.
   */
  private void assertPublishedAndRecorded(ExportPlan plan, List<Path> files) throws IOException {
    Path runDir = runDir(plan);
    assertThat(runDir.resolve("_SUCCESS")).exists();
    try (Stream<Path> listing = Files.list(runDir)) {
      assertThat(listing.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("."));
    }
    Manifest manifest =
        new ObjectMapper().readValue(runDir.resolve("manifest.json").toFile(), Manifest.class);
    List<String> names = files.stream().map(f -> f.getFileName().toString()).toList();
    assertThat(manifest.files())
        .extracting(Manifest.ManifestFile::name)
        .containsExactlyElementsOf(names);
    long total = 0;
    for (Manifest.ManifestFile entry : manifest.files()) {
      Path file = runDir.resolve(entry.name());
      assertThat(entry.bytes()).isEqualTo(Files.size(file));
      assertThat(entry.name()).isEqualTo(nameOf(plan, entry.chunk(), entry.file()));
      total += entry.rows();
    }
    assertThat(manifest.rows()).isEqualTo(total);
    try (StateStore store = StateStores.open(state())) {
      List<WrittenFile> recorded = store.files(plan.runId());
      assertThat(recorded)
          .extracting(r -> Path.of(r.path()).getFileName().toString())
          .containsExactlyElementsOf(names);
      for (ChunkRecord chunk : store.chunks(plan.runId())) {
        assertThat(chunk.rows())
            .isEqualTo(
                recorded.stream()
                    .filter(r -> r.chunkIndex() == chunk.chunkIndex())
                    .mapToLong(WrittenFile::rows)
                    .sum());
      }
      assertThat(store.run(plan.runId()).orElseThrow().files()).isEqualTo(files.size());
      assertThat(store.run(plan.runId()).orElseThrow().rows()).isEqualTo(total);
    }
  }

  private static String nameOf(ExportPlan plan, int chunk, int file) {
    String ext = plan.export().format().extension();
    return plan.export().rotation().unlimited()
        ? String.format("part-%05d%s", chunk, ext)
        : String.format("part-%05d-%05d%s", chunk, file, ext);
  }

  /** Each chunk's files but its last, which holds whatever was left. */
  private static List<Path> notLastOfTheirChunk(List<Path> sorted) {
    List<Path> result = new ArrayList<>();
    for (int i = 0; i + 1 < sorted.size(); i++) {
      if (chunkOf(sorted.get(i)) == chunkOf(sorted.get(i + 1))) {
        result.add(sorted.get(i));
      }
    }
    return result;
  }

  private static int chunkOf(Path file) {
    return Integer.parseInt(file.getFileName().toString().substring(5, 10));
  }

  private void extract(ExportPlan plan) {
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
    pipeline.apply("Extract", RivetExtract.of(plan, source()).withState(state()));
    pipeline.run().waitUntilFinish();
  }

  private ExportPlan plan(
      String name, String table, Format format, long chunkRows, FileRotation rotation) {
    ExportSpec spec =
        new ExportSpec(
                name,
                TableRef.parse(table),
                new FullMode(),
                ReadSettings.of(chunkRows, 500, 2),
                ValuePolicies.of(InfinityPolicy.CLAMP),
                new OutputSettings(
                    format,
                    Compression.NONE,
                    Destination.parse(dir.resolve("out").toString()),
                    OutputSettings.DEFAULT_ROW_GROUP_BYTES,
                    null),
                CheckSettings.DEFAULT)
            .withRotation(rotation);
    ExportPlan plan = new Planner(Clock.systemUTC()).plan(source(), spec, "rotation-" + name);
    try (StateStore store = StateStores.open(state())) {
      store.savePlan(plan);
    }
    return plan;
  }

  private Path runDir(ExportPlan plan) {
    return dir.resolve("out").resolve(plan.export().name()).resolve(plan.runId());
  }

  private static List<Path> dataFiles(Path runDir) throws IOException {
    try (Stream<Path> listing = Files.list(runDir)) {
      return listing.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList();
    }
  }

  private static SourceConnection source() {
    TestServer server = TestServers.postgres();
    return new SourceConnection(server.url(), server.user(), server.password());
  }

  private StateLocation state() {
    return StateLocation.sqliteFile(dir.resolve("state.db"));
  }

  private static List<List<String>> sourceRows(String table) throws Exception {
    List<List<String>> rows = new ArrayList<>();
    try (Connection c = PostgresFixture.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, label, amount FROM " + table + " ORDER BY id")) {
      while (rs.next()) {
        rows.add(
            canonical(
                rs.getLong(1), rs.getString(2), rs.getBigDecimal(3), BigDecimal::toPlainString));
      }
    }
    return rows;
  }

  private static List<List<String>> byId(List<List<String>> rows) {
    List<List<String>> sorted = new ArrayList<>(rows);
    sorted.sort(Comparator.comparingLong(row -> Long.parseLong(row.get(0))));
    return sorted;
  }

  private static List<String> canonical(
      Object id,
      Object label,
      Object amount,
      java.util.function.Function<BigDecimal, String> decimal) {
    List<String> row = new ArrayList<>();
    row.add(String.valueOf(id));
    row.add((String) label);
    row.add(amount == null ? null : decimal.apply((BigDecimal) amount));
    return row;
  }
}
