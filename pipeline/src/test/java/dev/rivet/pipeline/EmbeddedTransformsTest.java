package dev.rivet.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.destination.Destination;
import dev.rivet.kernel.file.WrittenFile;
import dev.rivet.kernel.plan.CheckSettings;
import dev.rivet.kernel.plan.Compression;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.kernel.plan.Format;
import dev.rivet.kernel.plan.FullMode;
import dev.rivet.kernel.plan.InfinityPolicy;
import dev.rivet.kernel.plan.OutputSettings;
import dev.rivet.kernel.plan.ReadSettings;
import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.kernel.plan.Strategy;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.kernel.plan.ValuePolicies;
import dev.rivet.kernel.testing.servers.TestServer;
import dev.rivet.kernel.testing.servers.TestServers;
import dev.rivet.pipeline.write.CsvReadBack;
import dev.rivet.pipeline.write.PostgresFixture;
import dev.rivet.planner.Planner;
import java.io.IOException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rivet's public transforms embedded in a user's own Beam pipeline, without Rivet's state. */
class EmbeddedTransformsTest implements Serializable {
  private static final String TABLE = "rivet_pipeline_embed.items";
  private static final int ROWS = 1_000;

  @TempDir transient Path dir;

  @BeforeAll
  static void createTable() throws Exception {
    PostgresFixture.execute(
        "CREATE SCHEMA IF NOT EXISTS rivet_pipeline_embed",
        "DROP TABLE IF EXISTS " + TABLE,
        "CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY, label text, amount numeric(10,2))",
        "INSERT INTO "
            + TABLE
            + " SELECT g, CASE WHEN g % 7 = 0 THEN NULL ELSE 'item ' || g END,"
            + " g / 4.0 FROM generate_series(1, "
            + ROWS
            + ") g",
        "ANALYZE " + TABLE);
  }

  @Test
  void rivetReadShouldEmitEverySourceRowExactlyOnceAsBeamRows() {
    ExportPlan plan = plan(Format.PARQUET, dir.toString());
    assertThat(plan.strategy()).isEqualTo(Strategy.KEY_RANGE);
    assertThat(plan.chunks()).hasSizeGreaterThan(3);
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());

    RivetRead read = RivetRead.of(plan, source());
    PCollection<Row> rows = pipeline.apply("Read", read);

    List<Row> expected = new ArrayList<>();
    for (long id = 1; id <= ROWS; id++) {
      expected.add(
          Row.withSchema(read.schema())
              .addValues(
                  id,
                  id % 7 == 0 ? null : "item " + id,
                  new BigDecimal(id).divide(new BigDecimal(4)).setScale(2))
              .build());
    }
    PAssert.that(rows).containsInAnyOrder(expected);
    pipeline.run().waitUntilFinish();
  }

  @Test
  void rivetExtractShouldWriteOneFilePerChunkAndPublishWithoutState() throws Exception {
    ExportPlan plan = plan(Format.CSV, dir.toString());
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());

    PCollection<WrittenFile> files = pipeline.apply("Extract", RivetExtract.of(plan, source()));
    PCollection<Long> rows =
        files.apply("Rows", MapElements.into(TypeDescriptors.longs()).via(WrittenFile::rows));
    PAssert.that(rows)
        .satisfies(
            counts -> {
              long total = 0;
              int n = 0;
              for (long c : counts) {
                total += c;
                n++;
              }
              assertThat(n).isEqualTo(plan.chunks().size());
              assertThat(total).isEqualTo(ROWS);
              return null;
            });
    pipeline.run().waitUntilFinish();

    Path runDir = dir.resolve("items").resolve(plan.runId());
    assertThat(runDir.resolve("_SUCCESS")).exists();
    assertThat(runDir.resolve("manifest.json")).exists();
    try (Stream<Path> listing = Files.list(runDir)) {
      List<Path> csv = listing.filter(p -> p.toString().endsWith(".csv")).toList();
      assertThat(csv).hasSize(plan.chunks().size());
      long dataLines = 0;
      for (Path f : csv) {
        // One header line per file; values hold no line breaks in this fixture.
        dataLines += Files.readAllLines(f).size() - 1;
      }
      assertThat(dataLines).isEqualTo(ROWS);
    }
  }

  @Test
  void stepAfterRivetExtractShouldSeeThePublishedRunAndEverySourceRow() throws Exception {
    ExportPlan plan = plan(Format.CSV, dir.toString());
    assertThat(plan.chunks()).hasSizeGreaterThan(3);
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());

    PCollection<WrittenFile> files = pipeline.apply("Extract", RivetExtract.of(plan, source()));
    PCollection<String> rows = files.apply("ReadPublished", ParDo.of(new ReadPublishedFile()));

    PAssert.that(rows).containsInAnyOrder(sourceRows());
    PAssert.that(files.apply("Count", Count.globally()))
        .containsInAnyOrder((long) plan.chunks().size());
    pipeline.run().waitUntilFinish();
  }

  /**
   * Fails the pipeline unless the file's run is already published; emits each data row of the CSV
   * file as {@code id|label|amount}, {@code NULL} for a null.
   */
  private static final class ReadPublishedFile extends DoFn<WrittenFile, String> {
    @ProcessElement
    public void process(@Element WrittenFile file, OutputReceiver<String> out) throws IOException {
      Path runDir = Path.of(file.path()).getParent();
      for (String marker : List.of("manifest.json", "_SUCCESS")) {
        if (!Files.exists(runDir.resolve(marker))) {
          throw new IllegalStateException(
              "a step after RivetExtract saw " + file.path() + " before " + marker + " existed");
        }
      }
      for (List<String> row : CsvReadBack.of(Path.of(file.path())).rows) {
        out.output(String.join("|", row.stream().map(v -> v == null ? "NULL" : v).toList()));
      }
    }
  }

  /** Every source row, read over JDBC, as {@code id|label|amount}. */
  private static List<String> sourceRows() throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection c = PostgresFixture.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, label, amount FROM " + TABLE)) {
      while (rs.next()) {
        String label = rs.getString("label");
        rows.add(
            rs.getLong("id")
                + "|"
                + (label == null ? "NULL" : label)
                + "|"
                + rs.getBigDecimal("amount").toPlainString());
      }
    }
    assertThat(rows).hasSize(ROWS);
    return rows;
  }

  private static ExportPlan plan(Format format, String destination) {
    ExportSpec spec =
        new ExportSpec(
            "items",
            TableRef.parse(TABLE),
            new FullMode(),
            ReadSettings.of(200, 50, 2),
            ValuePolicies.of(InfinityPolicy.CLAMP),
            new OutputSettings(
                format,
                Compression.NONE,
                Destination.parse(destination),
                OutputSettings.DEFAULT_ROW_GROUP_BYTES,
                null),
            CheckSettings.DEFAULT);
    return new Planner(Clock.systemUTC()).plan(source(), spec, "test-run-" + format.wireValue());
  }

  private static SourceConnection source() {
    TestServer server = TestServers.postgres();
    return new SourceConnection(server.url(), server.user(), server.password());
  }
}
