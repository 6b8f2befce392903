package dev.rivet.pipeline.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rivet.kernel.destination.Destination;
import dev.rivet.kernel.file.WrittenFile;
import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.Compression;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.kernel.plan.FileRotation;
import dev.rivet.kernel.plan.Format;
import dev.rivet.kernel.plan.KeyType;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.plan.SplitKey;
import dev.rivet.kernel.plan.Strategy;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.kernel.source.SourceKind;
import dev.rivet.pipeline.files.RunLayout;
import dev.rivet.pipeline.finalize.Manifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunValidatorTest {
  private static final int[] ROWS = {300, 200, 0};

  @TempDir Path dir;
  private ExportPlan plan;
  private List<WrittenFile> records;

  @BeforeEach
  void writeRun() throws Exception {
    plan =
        new ExportPlan(
            "run-v1",
            ExportSpec.withDefaults(
                "orders",
                new TableRef("public", "orders"),
                Format.CSV,
                Compression.GZIP,
                Destination.parse(dir.toString())),
            SourceKind.POSTGRESQL,
            List.of(
                new SourceColumn("id", Types.BIGINT, "int8", 19, 0, false),
                new SourceColumn("note", Types.VARCHAR, "text", 0, 0, true)),
            Strategy.KEY_RANGE,
            new SplitKey("id", KeyType.INTEGER),
            List.of(
                new Chunk(0, null, "300"), new Chunk(1, "300", "500"), new Chunk(2, "500", null)),
            500,
            Instant.EPOCH,
            List.of());
    RunLayout layout = RunLayout.of(plan);
    Path runDir = Path.of(layout.runDirectory().toString());
    Files.createDirectories(runDir);
    records = new ArrayList<>();
    List<Manifest.ManifestFile> entries = new ArrayList<>();
    long rows = 0;
    long bytes = 0;
    for (int i = 0; i < ROWS.length; i++) {
      Path file = runDir.resolve(layout.fileName(i, 0));
      TestFiles.csv(file, ROWS[i], Compression.GZIP);
      WrittenFile record =
          new WrittenFile(
              plan.runId(),
              i,
              0,
              file.toString(),
              ROWS[i],
              Files.size(file),
              TestFiles.sha256(file),
              Map.of());
      records.add(record);
      entries.add(
          new Manifest.ManifestFile(
              layout.fileName(i, 0),
              record.path(),
              i,
              0,
              plan.chunks().get(i).describeRange(),
              record.rows(),
              record.bytes(),
              record.sha256()));
      rows += record.rows();
      bytes += record.bytes();
    }
    writeManifest(runDir, entries, rows, bytes);
  }

  @Test
  void shouldMatchUntouchedRun() {
    ValidationReport report = RunValidator.validate(plan, records);

    assertThat(report.matches()).as(report.toString()).isTrue();
    assertThat(report.files()).hasSize(3).allMatch(FileCheck::matches);
    assertThat(report.rowsRead()).isEqualTo(500);
  }

  @Test
  void shouldNameTheFlippedFileWithItsDigestDifference() throws Exception {
    Path file = Path.of(records.get(1).path());
    TestFiles.flipByte(file, Files.size(file) / 2);

    ValidationReport report = RunValidator.validate(plan, records);

    assertThat(report.matches()).isFalse();
    assertThat(report.mismatchedFiles()).isEqualTo(1);
    FileCheck check = report.files().get(1);
    assertThat(check.recorded().path()).endsWith("part-00001.csv.gz");
    assertThat(check.problems()).anyMatch(p -> p.startsWith("sha256: recorded "));
    assertThat(check.sha256()).isNotEqualTo(records.get(1).sha256());
  }

  @Test
  void shouldReportDeletedFileAsMissing() throws Exception {
    Files.delete(Path.of(records.get(0).path()));

    ValidationReport report = RunValidator.validate(plan, records);

    FileCheck check = report.files().get(0);
    assertThat(check.exists()).isFalse();
    assertThat(check.problems()).containsExactly("missing: no file at " + records.get(0).path());
  }

  @Test
  void shouldReportFileWhoseRowsDifferFromTheRecord() throws Exception {
    Path file = Path.of(records.get(0).path());
    TestFiles.csv(file, 299, Compression.GZIP);

    ValidationReport report = RunValidator.validate(plan, records);

    assertThat(report.files().get(0).problems())
        .contains("rows: recorded 300, file has 299")
        .anyMatch(p -> p.startsWith("size: recorded "));
  }

  @Test
  void shouldReportMissingManifestAndPlannedChunkWithoutFile() throws Exception {
    Files.delete(Path.of(RunLayout.of(plan).file(RunLayout.MANIFEST).toString()));

    ValidationReport report = RunValidator.validate(plan, records.subList(0, 2));

    assertThat(report.matches()).isFalse();
    assertThat(report.runProblems())
        .anyMatch(p -> p.startsWith("manifest.json: missing at "))
        .contains("chunk 2 [500, +inf): no file recorded");
  }

  @Test
  void shouldReportManifestThatDisagreesWithTheState() throws Exception {
    List<WrittenFile> changed = new ArrayList<>(records);
    WrittenFile first = records.get(0);
    // The state says 301 rows where the manifest (and the file) say 300.
    changed.set(
        0,
        new WrittenFile(
            first.runId(), 0, 0, first.path(), 301, first.bytes(), first.sha256(), Map.of()));

    ValidationReport report = RunValidator.validate(plan, changed);

    assertThat(report.files().get(0).problems())
        .contains("rows: recorded 301, file has 300", "manifest: rows 300, recorded 301");
    assertThat(report.runProblems())
        .contains("manifest.json: rows total 500, recorded files total 501");
  }

  @Test
  void shouldCheckEachOfSeveralFilesOfAChunkOnItsOwn() throws Exception {
    plan =
        new ExportPlan(
            "run-rotated",
            plan.export().withRotation(new FileRotation(0, 100)),
            plan.source(),
            plan.columns(),
            plan.strategy(),
            plan.splitKey(),
            List.of(Chunk.whole()),
            1,
            -1,
            Instant.EPOCH,
            List.of());
    RunLayout layout = RunLayout.of(plan);
    Path runDir = Path.of(layout.runDirectory().toString());
    Files.createDirectories(runDir);
    List<WrittenFile> parts = new ArrayList<>();
    int[] rows = {100, 100, 42};
    for (int f = 0; f < rows.length; f++) {
      Path file = runDir.resolve(layout.fileName(0, f));
      TestFiles.csv(file, rows[f], Compression.GZIP);
      parts.add(
          new WrittenFile(
              plan.runId(),
              0,
              f,
              file.toString(),
              rows[f],
              Files.size(file),
              TestFiles.sha256(file),
              Map.of()));
    }
    List<Manifest.ManifestFile> entries = new ArrayList<>();
    for (WrittenFile part : parts.subList(0, 2)) {
      entries.add(
          new Manifest.ManifestFile(
              Path.of(part.path()).getFileName().toString(),
              part.path(),
              0,
              part.fileIndex(),
              "(-inf, +inf)",
              part.rows(),
              part.bytes(),
              part.sha256()));
    }
    writeManifest(runDir, entries, 242, parts.stream().mapToLong(WrittenFile::bytes).sum());
    TestFiles.csv(Path.of(parts.get(1).path()), 99, Compression.GZIP);

    ValidationReport report = RunValidator.validate(plan, parts);

    assertThat(report.files())
        .extracting(FileCheck::chunk, FileCheck::file)
        .containsExactly(tuple(0, 0), tuple(0, 1), tuple(0, 2));
    assertThat(Path.of(report.files().get(2).recorded().path()))
        .hasFileName("part-00000-00002.csv.gz");
    assertThat(report.files().get(0).matches()).isTrue();
    assertThat(report.files().get(1).problems()).contains("rows: recorded 100, file has 99");
    assertThat(report.files().get(2).problems()).containsExactly("manifest: not listed");
    assertThat(report.rowsRead()).isEqualTo(241);
  }

  private void writeManifest(
      Path runDir, List<Manifest.ManifestFile> entries, long rows, long bytes) throws Exception {
    Manifest manifest =
        new Manifest(
            1,
            plan.runId(),
            plan.export().name(),
            "table public.orders",
            "csv",
            "gzip",
            Instant.EPOCH.toString(),
            Instant.EPOCH.toString(),
            "KEY_RANGE",
            "id",
            rows,
            bytes,
            Map.of(),
            List.of(),
            entries,
            null,
            List.of());
    new ObjectMapper().writeValue(runDir.resolve(RunLayout.MANIFEST).toFile(), manifest);
  }
}
