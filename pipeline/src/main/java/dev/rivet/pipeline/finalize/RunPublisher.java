package dev.rivet.pipeline.finalize;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.rivet.kernel.failure.CrashPoint;
import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.file.WrittenFile;
import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.pipeline.files.FilePresence;
import dev.rivet.pipeline.files.RunLayout;
import dev.rivet.pipeline.files.UploadStream;
import dev.rivet.pipeline.quality.QualityGate;
import dev.rivet.state.ChunkRecord;
import dev.rivet.state.RunTotals;
import dev.rivet.state.StateStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;

/**
 * Publishes a run once every chunk's files exist, outside any pipeline: checks that each planned
 * chunk produced its files 0, 1, … (one without file rotation), that every file is still in place
 * with the size it was written with, that the state store agrees on every chunk's row count, and
 * that the data meets the export's quality contract ({@link QualityGate}), then writes {@code
 * manifest.json} and finally {@code _SUCCESS}, then marks the run published. Any disagreement fails
 * the run before {@code _SUCCESS} exists. Publishing the same files again rewrites the same
 * manifest (but for its publication time).
 */
public final class RunPublisher {
  private final ExportPlan plan;

  private RunPublisher(ExportPlan plan) {
    this.plan = plan;
  }

  /**
   * Publishes the run with {@code files}, in any order; records it in {@code store} unless that is
   * null (a pipeline without Rivet's state).
   */
  public static Manifest publish(ExportPlan plan, StateStore store, List<WrittenFile> files)
      throws IOException {
    return new RunPublisher(plan).publish(store, files);
  }

  /** The files the state store recorded for the run, with their warnings, to publish. */
  public static List<WrittenFile> recordedFiles(ExportPlan plan, StateStore store) {
    Objects.requireNonNull(store, "store");
    return store.files(plan.runId());
  }

  private Manifest publish(StateStore store, List<WrittenFile> unordered) throws IOException {
    List<WrittenFile> files = new ArrayList<>(unordered);
    files.sort(
        Comparator.comparingInt(WrittenFile::chunkIndex).thenComparingInt(WrittenFile::fileIndex));
    checkFilesOfEveryChunk(files);
    checkFilesInPlace(store, files);
    Manifest manifest = manifest(files);
    if (store != null) {
      reconcile(store.chunks(plan.runId()), files);
    }
    // Before the manifest: a run that breaks its contract (on_quality_failure: fail) is never
    // published.
    QualityGate.standard().check(plan, store, files);
    RunLayout layout = RunLayout.of(plan);
    writeAtomically(layout, RunLayout.MANIFEST, manifestJson(manifest));
    CrashPoint.reach("manifest-written");
    writeAtomically(layout, RunLayout.SUCCESS, new byte[0]);
    CrashPoint.reach("success-written");
    if (store != null) {
      store.runPublished(
          plan.runId(), new RunTotals(manifest.rows(), files.size(), manifest.bytes()));
    }
    return manifest;
  }

  /** Every planned chunk has files 0..n-1 (n >= 1), and no file is of another chunk. */
  private void checkFilesOfEveryChunk(List<WrittenFile> files) {
    List<Chunk> chunks = plan.chunks();
    int next = 0;
    boolean exact = true;
    for (int chunk = 0; exact && chunk < chunks.size(); chunk++) {
      int fileIndex = 0;
      while (next < files.size()
          && files.get(next).chunkIndex() == chunk
          && files.get(next).fileIndex() == fileIndex) {
        next++;
        fileIndex++;
      }
      exact = fileIndex > 0;
    }
    if (!exact || next != files.size()) {
      throw new RivetException(
          FailureKind.INTERNAL,
          "export '"
              + plan.export().name()
              + "' run "
              + plan.runId()
              + ": expected files 0, 1, … of each of "
              + chunks.size()
              + " chunks, got (chunk, file) "
              + files.stream().map(f -> "(" + f.chunkIndex() + ", " + f.fileIndex() + ")").toList(),
          "the run was not published; report this with the run id");
    }
  }

  /**
   * Every file is still where it was written, with its size: a file deleted or overwritten during
   * the run must never be listed in a manifest. The chunks of missing or changed files are marked
   * failed in {@code store}, so resuming the run reads them again.
   */
  private void checkFilesInPlace(StateStore store, List<WrittenFile> files) {
    Map<Integer, List<String>> problems = new TreeMap<>();
    for (WrittenFile file : files) {
      FilePresence.problem(file)
          .ifPresent(
              problem ->
                  problems
                      .computeIfAbsent(file.chunkIndex(), c -> new ArrayList<>())
                      .add(file.path() + " " + problem));
    }
    if (problems.isEmpty()) {
      return;
    }
    String what =
        problems.entrySet().stream()
            .map(e -> "chunk " + e.getKey() + ": " + String.join(", ", e.getValue()))
            .collect(Collectors.joining("; "));
    if (store != null) {
      problems.forEach(
          (chunk, found) ->
              store.chunkFailed(
                  plan.runId(),
                  chunk,
                  FailureKind.DESTINATION.name(),
                  "written file changed before publishing: " + String.join(", ", found)));
    }
    throw new FilesChangedException(
        "export '"
            + plan.export().name()
            + "' run "
            + plan.runId()
            + " was not published: files written by this run are gone or changed (deleted or"
            + " overwritten by something else during the run): "
            + what,
        store == null
            ? "keep other processes out of the destination folder, then run the export again"
            : "keep other processes out of the destination folder; resuming the run ('rivet run')"
                + " reads only these chunks again",
        List.copyOf(problems.keySet()));
  }

  private void reconcile(List<ChunkRecord> recorded, List<WrittenFile> files) {
    Map<Integer, Long> fileRows = new TreeMap<>();
    for (WrittenFile file : files) {
      fileRows.merge(file.chunkIndex(), file.rows(), Long::sum);
    }
    fileRows.forEach(
        (chunkIndex, rows) -> {
          ChunkRecord chunk =
              recorded.stream().filter(c -> c.chunkIndex() == chunkIndex).findFirst().orElse(null);
          if (chunk == null || chunk.rows() != rows) {
            throw new RivetException(
                FailureKind.STATE,
                "export '"
                    + plan.export().name()
                    + "' run "
                    + plan.runId()
                    + " chunk "
                    + chunkIndex
                    + ": its files hold "
                    + rows
                    + " rows but the state store recorded "
                    + (chunk == null ? "no chunk" : chunk.rows() + " rows"),
                "the run was not published; run the export again");
          }
        });
  }

  private Manifest manifest(List<WrittenFile> files) {
    RunLayout layout = RunLayout.of(plan);
    long rows = 0;
    long bytes = 0;
    Map<String, Long> warnings = new TreeMap<>();
    List<Manifest.ManifestFile> entries = new ArrayList<>(files.size());
    for (WrittenFile f : files) {
      rows += f.rows();
      bytes += f.bytes();
      f.warnings().forEach((k, v) -> warnings.merge(k, v, Long::sum));
      entries.add(
          new Manifest.ManifestFile(
              layout.relativeName(f.chunkIndex(), f.fileIndex()),
              f.path(),
              f.chunkIndex(),
              f.fileIndex(),
              plan.chunks().get(f.chunkIndex()).describeRange(),
              f.rows(),
              f.bytes(),
              f.sha256()));
    }
    List<String> outputTypes = OutputTypeNames.of(plan);
    List<Manifest.ManifestColumn> columns = new ArrayList<>();
    for (int i = 0; i < plan.columns().size(); i++) {
      SourceColumn c = plan.columns().get(i);
      columns.add(
          new Manifest.ManifestColumn(c.name(), c.typeName(), c.nullable(), outputTypes.get(i)));
    }
    return new Manifest(
        1,
        plan.runId(),
        plan.export().name(),
        plan.export().relation().describe(),
        plan.export().format().wireValue(),
        plan.export().compression().wireValue(),
        plan.createdAt().toString(),
        Clock.systemUTC().instant().toString(),
        plan.strategy().name(),
        plan.splitKey() == null
            ? null
            : plan.splitKey().isKeyset() ? plan.splitKey().describe() : plan.splitKey().column(),
        rows,
        bytes,
        warnings,
        columns,
        entries,
        OutputTypeNames.schema(plan).fingerprint(),
        LineageManifest.of(plan));
  }

  private static byte[] manifestJson(Manifest manifest) throws IOException {
    return new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValueAsBytes(manifest);
  }

  /**
   * Makes {@code name} appear whole or not at all: locally under an in-progress name renamed when
   * complete; on an object store as one upload under its final key, which becomes visible only when
   * complete.
   */
  private static void writeAtomically(RunLayout layout, String name, byte[] content)
      throws IOException {
    if (layout.writesInPlace()) {
      try (UploadStream out = UploadStream.create(layout.file(name), true)) {
        out.write(content);
        out.completeOnClose();
      }
      return;
    }
    ResourceId temp = layout.file("." + name + ".inprogress");
    try (OutputStream out = Channels.newOutputStream(FileSystems.create(temp, MimeTypes.TEXT))) {
      out.write(content);
    }
    FileSystems.rename(List.of(temp), List.of(layout.file(name)));
  }
}
