package dev.rivet.pipeline.write;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.parquet.io.PositionOutputStream;

/** Passes bytes through to the destination, counting them and hashing them with SHA-256. */
final class CountingDigestStream extends PositionOutputStream {
  private static final int BUFFER_BYTES = 64 * 1024;

  private final OutputStream out;
  private final MessageDigest digest;
  private long position;
  private boolean closed;

  CountingDigestStream(OutputStream destination) {
    this.out = new BufferedOutputStream(destination, BUFFER_BYTES);
    try {
      this.digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }

  @Override
  public long getPos() {
    return position;
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    digest.update((byte) b);
    position++;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    digest.update(b, off, len);
    position += len;
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      out.close();
    }
  }

  /** Hex SHA-256 of every byte written; call once, after the last write. */
  String sha256() {
    return HexFormat.of().formatHex(digest.digest());
  }
}
