package dev.rivet.pipeline.write;

import java.io.IOException;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/** A Parquet {@link OutputFile} over an already open stream; it can be created once. */
final class StreamOutputFile implements OutputFile {
  private final CountingDigestStream stream;
  private final String description;
  private boolean created;

  StreamOutputFile(CountingDigestStream stream, String description) {
    this.stream = stream;
    this.description = description;
  }

  @Override
  public PositionOutputStream create(long blockSizeHint) throws IOException {
    if (created) {
      throw new IOException(description + " is already being written");
    }
    created = true;
    return stream;
  }

  @Override
  public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
    return create(blockSizeHint);
  }

  @Override
  public boolean supportsBlockSize() {
    return false;
  }

  @Override
  public long defaultBlockSize() {
    return 0;
  }

  @Override
  public String getPath() {
    return description;
  }
}
