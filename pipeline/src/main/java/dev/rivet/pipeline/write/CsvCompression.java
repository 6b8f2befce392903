package dev.rivet.pipeline.write;

import com.github.luben.zstd.ZstdOutputStream;
import dev.rivet.kernel.plan.Compression;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorOutputStream;
import org.apache.commons.compress.compressors.snappy.FramedSnappyCompressorOutputStream;

/**
 * Whole-stream compression for CSV files, each in the framing its command-line tool reads: gzip
 * (RFC 1952, {@code gunzip}), a zstd frame ({@code zstd -d}), the Snappy framing format (stream
 * identifier {@code sNaPpY}; {@code python -m snappy -d}), and the LZ4 frame format ({@code lz4
 * -d}).
 */
final class CsvCompression {
  private static final int GZIP_BUFFER_BYTES = 64 * 1024;

  private CsvCompression() {}

  /**
   * A stream compressing into {@code out}; closing it finishes the frame and closes {@code out}.
   */
  static OutputStream open(Compression compression, OutputStream out) throws IOException {
    switch (compression) {
      case NONE:
        return out;
      case GZIP:
        return new GZIPOutputStream(out, GZIP_BUFFER_BYTES);
      case ZSTD:
        return new ZstdOutputStream(out);
      case SNAPPY:
        return new FramedSnappyCompressorOutputStream(out);
      case LZ4:
        return new FramedLZ4CompressorOutputStream(out);
      default:
        throw new IllegalArgumentException("unhandled compression " + compression);
    }
  }
}
