package dev.rivet.pipeline.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivet.kernel.plan.Compression;
import dev.rivet.kernel.plan.Format;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RowCounterTest {
  @TempDir Path dir;

  @Test
  void shouldCountParquetRowsFromTheFooter() throws Exception {
    Path file = dir.resolve("part.parquet");
    TestFiles.parquet(file, 1234);

    assertThat(RowCounter.count(file, Format.PARQUET, Compression.ZSTD)).isEqualTo(1234);
  }

  @Test
  void shouldCountEmptyParquetFileAsZeroRows() throws Exception {
    Path file = dir.resolve("empty.parquet");
    TestFiles.parquet(file, 0);

    assertThat(RowCounter.count(file, Format.PARQUET, Compression.NONE)).isZero();
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void shouldCountCsvRecordsNotLinesForEveryCompression(Compression compression) throws Exception {
    Path file = dir.resolve("part.csv" + compression.csvSuffix());
    TestFiles.csv(file, 500, compression);

    assertThat(RowCounter.count(file, Format.CSV, compression)).isEqualTo(500);
  }

  @Test
  void shouldCountHeaderOnlyCsvAsZeroRows() throws Exception {
    Path file = dir.resolve("empty.csv");
    TestFiles.csv(file, 0, Compression.NONE);

    assertThat(RowCounter.count(file, Format.CSV, Compression.NONE)).isZero();
  }

  @Test
  void shouldRejectTruncatedParquet() throws Exception {
    Path file = dir.resolve("part.parquet");
    TestFiles.parquet(file, 100);
    truncate(file, Files.size(file) - 10);

    assertThatThrownBy(() -> RowCounter.count(file, Format.PARQUET, Compression.NONE))
        .isInstanceOf(IOException.class);
  }

  @Test
  void shouldRejectCsvRecordWithWrongFieldCount() throws Exception {
    Path file = dir.resolve("bad.csv");
    Files.writeString(file, "\"id\",\"note\"\r\n\"1\",\"a\"\r\n\"2\"\r\n");

    assertThatThrownBy(() -> RowCounter.count(file, Format.CSV, Compression.NONE))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("record 2 has 1 fields, the header has 2");
  }

  @Test
  void shouldRejectCsvWithUnterminatedQuote() throws Exception {
    Path file = dir.resolve("bad.csv");
    Files.writeString(file, "\"id\",\"note\"\r\n\"1\",\"a\r\n");

    assertThatThrownBy(() -> RowCounter.count(file, Format.CSV, Compression.NONE))
        .isInstanceOf(IOException.class);
  }

  @Test
  void shouldRejectTruncatedGzipCsv() throws Exception {
    Path file = dir.resolve("part.csv.gz");
    TestFiles.csv(file, 500, Compression.GZIP);
    truncate(file, Files.size(file) / 2);

    assertThatThrownBy(() -> RowCounter.count(file, Format.CSV, Compression.GZIP))
        .isInstanceOf(IOException.class);
  }

  private static void truncate(Path file, long size) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(size);
    }
  }
}
