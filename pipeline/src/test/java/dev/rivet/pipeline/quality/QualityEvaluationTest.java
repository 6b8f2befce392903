package dev.rivet.pipeline.quality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.destination.Destination;
import dev.rivet.kernel.file.WrittenFile;
import dev.rivet.kernel.plan.Compression;
import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.kernel.plan.Format;
import dev.rivet.kernel.plan.OnQualityFailure;
import dev.rivet.kernel.plan.QualityContract;
import dev.rivet.kernel.plan.TableRef;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checks over gzip CSV files as the CSV writer writes them: a quoted empty field is an empty
 * string, an unquoted one is NULL; NULL keys are not compared; the sort spills with a tiny buffer.
 */
class QualityEvaluationTest {
  @TempDir Path dir;

  @Test
  void shouldTellNullFromEmptyTextAcrossFilesAndFindEveryBreach() throws Exception {
    WrittenFile first = file(0, "\"id\",\"note\"\r\n\"1\",\"a\"\r\n\"2\",\r\n\"3\",\"\"\r\n", 3);
    WrittenFile second = file(1, "\"id\",\"note\"\r\n\"4\",\"\"\r\n\"5\",\"a\"\r\n", 2);
    QualityContract contract =
        new QualityContract(
            null,
            4L,
            null,
            Map.of("note", 0.0),
            List.of(List.of("note"), List.of("id")),
            Map.of("note", List.of("a")),
            OnQualityFailure.FAIL);
    ExportSpec export =
        ExportSpec.withDefaults(
                "t",
                new TableRef("public", "t"),
                Format.CSV,
                Compression.GZIP,
                Destination.parse(dir.toString()))
            .withQuality(contract);
    Path spill = Files.createDirectory(dir.resolve("spill"));

    QualityReport report =
        new QualityEvaluation(export, 64, spill).evaluate("run-1", List.of(first, second), null);

    assertThat(report.rows()).isEqualTo(5);
    assertThat(report.checks())
        .containsExactly(
            "row_count_max",
            "null_ratio_max [note]",
            "unique_columns [note]",
            "unique_columns [id]",
            "accepted_values [note]");
    assertThat(report.breaches().stream().map(QualityBreach::describe))
        .containsExactly(
            "row_count_max: 5 rows (limit <= 4)",
            "null_ratio_max [note]: 20% NULL (1 of 5 rows) (limit 0%)",
            "unique_columns [note]: 2 key(s) occur more than once (2 extra row(s)) (limit each"
                + " key once); first: , a",
            "accepted_values [note]: 2 row(s) with another value (limit a); first: ");
    try (var left = Files.list(spill)) {
      assertThat(left).as("spilled runs are deleted").isEmpty();
    }
  }

  private WrittenFile file(int chunk, String csv, long rows) throws Exception {
    Path path = dir.resolve("part-" + chunk + ".csv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(path))) {
      out.write(csv.getBytes(StandardCharsets.UTF_8));
    }
    return new WrittenFile(
        "run-1", chunk, 0, path.toString(), rows, Files.size(path), "0".repeat(64), Map.of());
  }
}
