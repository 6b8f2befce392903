package dev.rivet.pipeline.validate;

import dev.rivet.kernel.file.WrittenFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What validation found for one recorded file: the figures the state store recorded, the figures
 * read back from the file, and every difference as a human sentence. It matches exactly when there
 * is no problem.
 *
 * @param exists whether a regular file is at the recorded path
 * @param bytes the file's size, -1 when it does not exist
 * @param sha256 lower-case hex SHA-256 of the file's bytes, null when it does not exist
 * @param rows rows read back from the file, -1 when it could not be read
 * @param problems each difference, e.g. {@code rows: recorded 100, file has 99}; empty when it
 *     matches
 */
public record FileCheck(
    WrittenFile recorded,
    boolean exists,
    long bytes,
    String sha256,
    long rows,
    List<String> problems) {
  public FileCheck {
    Objects.requireNonNull(recorded, "recorded");
    problems = List.copyOf(problems);
    if (bytes < -1 || rows < -1) {
      throw new IllegalArgumentException("bytes and rows are -1 (unknown) or >= 0");
    }
  }

  public boolean matches() {
    return problems.isEmpty();
  }

  public int chunk() {
    return recorded.chunkIndex();
  }

  /** The file's position within its chunk. */
  public int file() {
    return recorded.fileIndex();
  }

  /** This check with {@code more} problems appended. */
  FileCheck withProblems(List<String> more) {
    if (more.isEmpty()) {
      return this;
    }
    List<String> all = new ArrayList<>(problems);
    all.addAll(more);
    return new FileCheck(recorded, exists, bytes, sha256, rows, all);
  }
}
