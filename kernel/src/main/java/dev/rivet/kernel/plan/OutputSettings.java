package dev.rivet.kernel.plan;

import dev.rivet.kernel.destination.Destination;
import java.io.Serializable;
import java.util.Objects;

/**
 * Where and how an export's files are written: format, compression, destination, Parquet row-group
 * size and file rotation. Validated on construction.
 *
 * @param destination where the files go, parsed when the config is read; stored plans keep it as
 *     its {@link Destination#text()}
 * @param rowGroupBytes Parquet row-group size; bounds the writer's buffer per open file
 * @param rotation when a chunk's output moves on to a new file; null reads as no limit
 */
public record OutputSettings(
    Format format,
    Compression compression,
    Destination destination,
    long rowGroupBytes,
    FileRotation rotation)
    implements Serializable {

  public static final long DEFAULT_ROW_GROUP_BYTES = 64L * 1024 * 1024;

  /** Smaller row groups make Parquet files mostly metadata. */
  public static final long MIN_ROW_GROUP_BYTES = 1024L * 1024;

  public OutputSettings {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(compression, "compression");
    Objects.requireNonNull(destination, "destination");
    if (rotation == null) {
      rotation = FileRotation.NONE;
    }
    if (rowGroupBytes < MIN_ROW_GROUP_BYTES) {
      throw new InvalidSettingException(
          "row_group_size",
          rowGroupBytes + " bytes is below the minimum of " + MIN_ROW_GROUP_BYTES + " bytes (1MiB)",
          "use at least 1MiB");
    }
  }

  /** These files with the default row-group size and no rotation. */
  public static OutputSettings of(Format format, Compression compression, Destination destination) {
    return new OutputSettings(format, compression, destination, DEFAULT_ROW_GROUP_BYTES, null);
  }
}
