package dev.rivet.pipeline.files;

import com.github.luben.zstd.ZstdInputStream;
import dev.rivet.kernel.plan.Compression;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorInputStream;
import org.apache.commons.compress.compressors.snappy.FramedSnappyCompressorInputStream;

/**
 * Opens a CSV file's bytes as text bytes again, reading the framing the CSV writer produces for
 * each codec: gzip, a zstd frame, the Snappy framing format and the LZ4 frame format.
 */
public final class CsvDecompression {
  private static final int GZIP_BUFFER_BYTES = 64 * 1024;

  private CsvDecompression() {}

  /** A stream decompressing {@code in}; closing it closes {@code in}. */
  public static InputStream open(Compression compression, InputStream in) throws IOException {
    switch (compression) {
      case NONE:
        return in;
      case GZIP:
        return new GZIPInputStream(in, GZIP_BUFFER_BYTES);
      case ZSTD:
        return new ZstdInputStream(in);
      case SNAPPY:
        return new FramedSnappyCompressorInputStream(in);
      case LZ4:
        return new FramedLZ4CompressorInputStream(in);
      default:
        throw new IllegalArgumentException("unhandled compression " + compression);
    }
  }
}
