package dev.rivet.pipeline.files;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/**
 * A Parquet {@link InputFile} read through Beam's FileSystems, so the same code reads a local file,
 * an S3 object or a GCS object. Reading the footer seeks to the end: every Beam file system Rivet
 * writes to opens seekable channels (local files, S3 ranged GETs, GCS ranged reads).
 */
public final class ChannelInputFile implements InputFile {
  private final MatchResult.Metadata file;

  public ChannelInputFile(MatchResult.Metadata file) {
    this.file = file;
  }

  @Override
  public long getLength() {
    return file.sizeBytes();
  }

  @Override
  public SeekableInputStream newStream() throws IOException {
    ReadableByteChannel opened = FileSystems.open(file.resourceId());
    if (!(opened instanceof SeekableByteChannel channel)) {
      opened.close();
      throw new IOException(
          file.resourceId() + ": the file system cannot seek, which reading Parquet needs");
    }
    return new ChannelStream(channel);
  }

  private static final class ChannelStream extends DelegatingSeekableInputStream {
    private final SeekableByteChannel channel;

    ChannelStream(SeekableByteChannel channel) {
      super(Channels.newInputStream(channel));
      this.channel = channel;
    }

    @Override
    public long getPos() throws IOException {
      return channel.position();
    }

    @Override
    public void seek(long newPos) throws IOException {
      channel.position(newPos);
    }

    @Override
    public int read(ByteBuffer buf) throws IOException {
      return channel.read(buf);
    }

    @Override
    public void readFully(ByteBuffer buf) throws IOException {
      while (buf.hasRemaining()) {
        if (channel.read(buf) < 0) {
          throw new EOFException("reached the end of the file with bytes left to read");
        }
      }
    }
  }
}
