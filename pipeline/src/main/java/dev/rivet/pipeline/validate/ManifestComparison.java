package dev.rivet.pipeline.validate;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rivet.kernel.file.WrittenFile;
import dev.rivet.pipeline.finalize.Manifest;
import dev.rivet.pipeline.finalize.Manifest.ManifestFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;

/**
 * Compares a run's {@code manifest.json} with the files the state store recorded: the manifest must
 * list exactly those files, each with the same path, rows, bytes and SHA-256, and the same totals.
 *
 * @param byFile differences about one recorded file, by its {@link FileKey}
 * @param general differences about the manifest as a whole (missing, unreadable, extra entries,
 *     totals)
 */
record ManifestComparison(Map<FileKey, List<String>> byFile, List<String> general) {
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final Comparator<FileKey> FILE_ORDER =
      Comparator.comparingInt(FileKey::chunk).thenComparingInt(FileKey::file);

  ManifestComparison {
    byFile = Map.copyOf(byFile);
    general = List.copyOf(general);
  }

  /** Which file of which chunk. */
  record FileKey(int chunk, int file) {
    static FileKey of(WrittenFile file) {
      return new FileKey(file.chunkIndex(), file.fileIndex());
    }
  }

  List<String> about(WrittenFile file) {
    return byFile.getOrDefault(FileKey.of(file), List.of());
  }

  /**
   * Reads the manifest at {@code manifestFile} (any Beam file system) and compares.
   *
   * @param runDirectory the run folder with a trailing slash; entries name files relative to it
   */
  static ManifestComparison of(
      String manifestFile, String runDirectory, String runId, List<WrittenFile> files) {
    Manifest manifest;
    try {
      Optional<MatchResult.Metadata> found = Reads.find(manifestFile);
      if (found.isEmpty()) {
        return new ManifestComparison(
            Map.of(), List.of("manifest.json: missing at " + manifestFile));
      }
      try (InputStream in = Channels.newInputStream(FileSystems.open(found.get().resourceId()))) {
        manifest = JSON.readValue(in, Manifest.class);
      }
    } catch (IOException e) {
      return new ManifestComparison(
          Map.of(), List.of("manifest.json: unreadable: " + firstLine(e.getMessage())));
    }
    List<String> general = new ArrayList<>();
    Map<FileKey, List<String>> byFile = new HashMap<>();
    if (!runId.equals(manifest.runId())) {
      general.add("manifest.json: run_id is '" + manifest.runId() + "', expected '" + runId + "'");
    }
    Map<FileKey, ManifestFile> entries = new TreeMap<>(FILE_ORDER);
    for (ManifestFile entry :
        manifest.files() == null ? List.<ManifestFile>of() : manifest.files()) {
      if (entries.put(new FileKey(entry.chunk(), entry.file()), entry) != null) {
        general.add(
            "manifest.json: lists file "
                + entry.file()
                + " of chunk "
                + entry.chunk()
                + " more than once");
      }
    }
    long rows = 0;
    long bytes = 0;
    for (WrittenFile file : files) {
      rows += file.rows();
      bytes += file.bytes();
      ManifestFile entry = entries.remove(FileKey.of(file));
      List<String> problems = new ArrayList<>();
      if (entry == null) {
        problems.add("manifest: not listed");
      } else {
        compare(problems, "path", entry.path(), file.path());
        compare(problems, "rows", entry.rows(), file.rows());
        compare(problems, "bytes", entry.bytes(), file.bytes());
        compare(problems, "sha256", entry.sha256(), file.sha256());
        String fileName =
            file.path().startsWith(runDirectory)
                ? file.path().substring(runDirectory.length())
                : file.path().substring(file.path().lastIndexOf('/') + 1);
        compare(problems, "name", entry.name(), fileName);
      }
      if (!problems.isEmpty()) {
        byFile.put(FileKey.of(file), problems);
      }
    }
    for (ManifestFile extra : entries.values()) {
      general.add(
          "manifest.json: lists "
              + extra.name()
              + " (chunk "
              + extra.chunk()
              + ", file "
              + extra.file()
              + "), which the state store has no file for");
    }
    if (manifest.rows() != rows) {
      general.add(
          "manifest.json: rows total " + manifest.rows() + ", recorded files total " + rows);
    }
    if (manifest.bytes() != bytes) {
      general.add(
          "manifest.json: bytes total " + manifest.bytes() + ", recorded files total " + bytes);
    }
    return new ManifestComparison(byFile, general);
  }

  private static void compare(List<String> problems, String what, Object listed, Object recorded) {
    if (!Objects.equals(listed, recorded)) {
      Object shownListed = listed;
      Object shownRecorded = recorded;
      if ("sha256".equals(what)) {
        shownListed = listed == null ? null : FileInspector.abbreviated(listed.toString());
        shownRecorded = recorded == null ? null : FileInspector.abbreviated(recorded.toString());
      }
      problems.add("manifest: " + what + " " + shownListed + ", recorded " + shownRecorded);
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
