package dev.rivet.kernel.file;

import dev.rivet.kernel.shape.ColumnProfile;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One data file a chunk of a run wrote: where it is, what is in it, and how many of its values were
 * written differently from the source. The one record for a written file, from the writer through
 * the state store to the manifest, so nothing it carries is lost on the way.
 *
 * @param fileIndex the file's position within its chunk, from 0; a chunk has several files only
 *     when file rotation split it
 * @param path the file's final location as the destination names it (a local path or a URI)
 * @param sha256 lower-case hex SHA-256 of the file's bytes, or null when it was not computed (a run
 *     to standard output)
 * @param warnings counted value adjustments by code, e.g. {@code infinity_clamped -> 3}; only
 *     positive counts, empty when every value was written as read
 * @param profile per column, the NULLs and longest value the file holds, in column order; empty
 *     when not recorded (files written before profiles existed)
 */
public record WrittenFile(
    String runId,
    int chunkIndex,
    int fileIndex,
    String path,
    long rows,
    long bytes,
    String sha256,
    Map<String, Long> warnings,
    List<ColumnProfile> profile)
    implements Serializable {
  public WrittenFile {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(warnings, "warnings");
    if (chunkIndex < 0 || fileIndex < 0) {
      throw new IllegalArgumentException(
          "file "
              + path
              + ": chunk and file index must be >= 0, got "
              + chunkIndex
              + " and "
              + fileIndex);
    }
    if (rows < 0 || bytes < 0) {
      throw new IllegalArgumentException(
          "file " + path + ": rows and bytes must be >= 0, got " + rows + " and " + bytes);
    }
    if (sha256 != null) {
      sha256 = sha256.toLowerCase(Locale.ROOT);
      if (!sha256.matches("[0-9a-f]{64}")) {
        throw new IllegalArgumentException(
            "file " + path + ": sha256 must be 64 hex digits, got '" + sha256 + "'");
      }
    }
    warnings = Map.copyOf(warnings);
    profile = profile == null ? List.of() : List.copyOf(profile);
    for (ColumnProfile column : profile) {
      if (column.nulls() > rows) {
        throw new IllegalArgumentException(
            "file "
                + path
                + ": column "
                + column.column()
                + " has "
                + column.nulls()
                + " NULLs in "
                + rows
                + " rows");
      }
    }
    warnings.forEach(
        (code, count) -> {
          if (code.isBlank() || count <= 0) {
            throw new IllegalArgumentException(
                "file "
                    + path
                    + ": a warning needs a code and a count >= 1, got '"
                    + code
                    + "' -> "
                    + count);
          }
        });
  }

  /** A file without a recorded column profile. */
  public WrittenFile(
      String runId,
      int chunkIndex,
      int fileIndex,
      String path,
      long rows,
      long bytes,
      String sha256,
      Map<String, Long> warnings) {
    this(runId, chunkIndex, fileIndex, path, rows, bytes, sha256, warnings, List.of());
  }

  /** This file with {@code newProfile} as its column profile. */
  public WrittenFile withProfile(List<ColumnProfile> newProfile) {
    return new WrittenFile(
        runId, chunkIndex, fileIndex, path, rows, bytes, sha256, warnings, newProfile);
  }
}
