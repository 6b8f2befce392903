package dev.rivet.pipeline.validate;

import dev.rivet.planner.model.Compression;
import dev.rivet.planner.model.Format;
import dev.rivet.state.FileRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Reads one recorded file back and compares it with its record: existence, size, SHA-256 of the
 * bytes, and the row count the file itself declares. Never modifies the file.
 */
final class FileInspector {
  private final Format format;
  private final Compression compression;

  FileInspector(Format format, Compression compression) {
    this.format = format;
    this.compression = compression;
  }

  FileCheck inspect(FileRecord recorded) {
    List<String> problems = new ArrayList<>();
    Optional<Path> local = LocalPaths.of(recorded.path());
    if (local.isEmpty()) {
      problems.add("not a local file: validate reads local destinations only");
      return new FileCheck(recorded, false, -1, null, -1, problems);
    }
    Path file = local.get();
    if (!Files.isRegularFile(file)) {
      problems.add("missing: no file at " + recorded.path());
      return new FileCheck(recorded, false, -1, null, -1, problems);
    }
    long bytes;
    String sha256;
    try {
      bytes = Files.size(file);
      sha256 = sha256(file);
    } catch (IOException e) {
      problems.add("unreadable: " + e.getMessage());
      return new FileCheck(recorded, true, -1, null, -1, problems);
    }
    if (bytes != recorded.bytes()) {
      problems.add("size: recorded " + recorded.bytes() + " bytes, file has " + bytes);
    }
    if (recorded.sha256() != null && !recorded.sha256().equals(sha256)) {
      problems.add(
          "sha256: recorded "
              + abbreviated(recorded.sha256())
              + ", file has "
              + abbreviated(sha256));
    }
    long rows;
    try {
      rows = RowCounter.count(file, format, compression);
      if (rows != recorded.rows()) {
        problems.add("rows: recorded " + recorded.rows() + ", file has " + rows);
      }
    } catch (IOException e) {
      rows = -1;
      problems.add(
          "rows: cannot read the file as "
              + format.wireValue()
              + (format == Format.CSV && compression != Compression.NONE
                  ? " (" + compression.wireValue() + ")"
                  : "")
              + ": "
              + e.getMessage());
    }
    return new FileCheck(recorded, true, bytes, sha256, rows, problems);
  }

  private static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  static String abbreviated(String sha256) {
    return sha256.length() <= 16 ? sha256 : sha256.substring(0, 16) + "...";
  }
}
