package dev.rivet.pipeline.validate;

import dev.rivet.kernel.file.WrittenFile;
import dev.rivet.kernel.plan.Compression;
import dev.rivet.kernel.plan.Format;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;

/**
 * Reads one recorded file back and compares it with its record: existence, size, SHA-256 of the
 * bytes, and the row count the file itself declares. Reads through Beam's FileSystems, so local
 * files and S3/GCS objects are checked alike. Never modifies the file.
 */
final class FileInspector {
  private final Format format;
  private final Compression compression;

  FileInspector(Format format, Compression compression) {
    this.format = format;
    this.compression = compression;
  }

  FileCheck inspect(WrittenFile recorded) {
    List<String> problems = new ArrayList<>();
    Optional<MatchResult.Metadata> found;
    try {
      found = Reads.find(recorded.path());
    } catch (IOException e) {
      problems.add("unreadable: " + e.getMessage());
      return new FileCheck(recorded, false, -1, null, -1, problems);
    }
    if (found.isEmpty()) {
      problems.add("missing: no file at " + recorded.path());
      return new FileCheck(recorded, false, -1, null, -1, problems);
    }
    MatchResult.Metadata file = found.get();
    long bytes;
    String sha256;
    try {
      bytes = file.sizeBytes();
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

  private static String sha256(MatchResult.Metadata file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
    try (InputStream in =
        new DigestInputStream(
            Channels.newInputStream(FileSystems.open(file.resourceId())), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  static String abbreviated(String sha256) {
    return sha256.length() <= 16 ? sha256 : sha256.substring(0, 16) + "...";
  }
}
