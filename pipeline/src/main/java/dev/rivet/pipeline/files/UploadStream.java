package dev.rivet.pipeline.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;

/**
 * A stream onto a new file of a Beam file system that need not complete it. On S3 and GCS the bytes
 * go out as a multipart (resumable) upload while they are written, so memory holds one part and the
 * local disk nothing; only closing the channel completes the upload and makes the object visible. A
 * {@linkplain #create(ResourceId, boolean) guarded} stream closes its channel only after {@link
 * #completeOnClose()}: any other close (a writer failing half-way, an abort) leaves the upload
 * incomplete, so a failed or killed attempt leaves no partial object under the final key (the store
 * discards incomplete uploads, e.g. by an abort-incomplete-multipart-upload lifecycle rule). Errors
 * of the store's client, which Beam's channels let through unchecked, arrive as {@link
 * IOException}s naming the file.
 */
public final class UploadStream extends OutputStream {
  private final WritableByteChannel channel;
  private final String location;
  private final boolean guarded;
  private boolean complete;
  private boolean closed;

  private UploadStream(WritableByteChannel channel, String location, boolean guarded) {
    this.channel = channel;
    this.location = location;
    this.guarded = guarded;
    this.complete = !guarded;
  }

  /**
   * Starts writing {@code file}; on an object store, starts the upload.
   *
   * @param guarded whether {@link #close()} completes the file only after {@link
   *     #completeOnClose()}
   */
  public static UploadStream create(ResourceId file, boolean guarded) throws IOException {
    try {
      return new UploadStream(FileSystems.create(file, MimeTypes.BINARY), file.toString(), guarded);
    } catch (IOException | RuntimeException e) {
      throw new IOException("cannot create " + file + " (" + e + ")", e);
    }
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
    try {
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    } catch (RuntimeException e) {
      throw new IOException("cannot write " + location + " (" + e.getMessage() + ")", e);
    }
  }

  /** The next {@link #close()} completes the file: every byte of it has been written. */
  public void completeOnClose() {
    complete = true;
  }

  /** A guarded stream's next {@link #close()} leaves the file incomplete after all. */
  public void abandon() {
    if (guarded) {
      complete = false;
    }
  }

  /**
   * Completes the file (on an object store: the upload), or for a guarded stream not told to
   * complete, drops it and leaves the upload incomplete.
   */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    if (!complete) {
      return;
    }
    try {
      channel.close();
    } catch (RuntimeException e) {
      throw new IOException("cannot complete " + location + " (" + e.getMessage() + ")", e);
    }
  }
}
