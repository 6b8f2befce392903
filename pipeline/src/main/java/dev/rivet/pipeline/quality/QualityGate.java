package dev.rivet.pipeline.quality;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.file.WrittenFile;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.OnQualityFailure;
import dev.rivet.kernel.plan.QualityContract;
import dev.rivet.pipeline.files.RunLayout;
import dev.rivet.state.RunRecord;
import dev.rivet.state.RunStatus;
import dev.rivet.state.StateStore;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds a run back from publishing when its data breaks the export's quality contract: checks the
 * run's written files (whoever wrote them: a pipeline, workers), writes the report as {@value
 * #REPORT} in the run's folder, and, when the export says {@code on_quality_failure: fail}, marks
 * the run FAILED with the breaches and throws a {@link RivetException} of kind {@code QUALITY}, so
 * that neither {@code _SUCCESS} nor the cursor mark move. Does nothing for an export without a
 * contract.
 */
public final class QualityGate {
  /** The report's name in the run's folder. */
  public static final String REPORT = "quality.json";

  private static final Logger LOG = LoggerFactory.getLogger(QualityGate.class);

  private final long sortBufferBytes;

  private QualityGate(long sortBufferBytes) {
    this.sortBufferBytes = sortBufferBytes;
  }

  /** A gate whose uniqueness checks share the default heap of 64 MiB. */
  public static QualityGate standard() {
    return new QualityGate(QualityEvaluation.DEFAULT_SORT_BUFFER_BYTES);
  }

  /**
   * Checks the run's {@code files} (all of them, in place) against the plan's contract.
   *
   * @param store the state store, or null for a pipeline without Rivet's state (then there is no
   *     previous run to compare the row count with, and the run is not marked failed here)
   * @return the report, or empty when the export has no contract
   * @throws RivetException of kind {@code QUALITY} when the data breaks the contract and the export
   *     says to fail
   */
  public Optional<QualityReport> check(ExportPlan plan, StateStore store, List<WrittenFile> files)
      throws IOException {
    QualityContract contract = plan.export().quality();
    if (contract == null) {
      return Optional.empty();
    }
    Path spillDir = Files.createTempDirectory("rivet-quality-");
    QualityReport report;
    try {
      report =
          new QualityEvaluation(plan.export(), sortBufferBytes, spillDir)
              .evaluate(plan.runId(), files, previousRows(plan, store));
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } finally {
      deleteTree(spillDir);
    }
    write(RunLayout.of(plan), report);
    String export = plan.export().name();
    if (report.passed()) {
      LOG.info(
          "publish: export {} run {}: quality contract met ({} check(s))",
          export,
          plan.runId(),
          report.checks().size());
      return Optional.of(report);
    }
    String breaches = report.describeBreaches();
    if (contract.onFailure() == OnQualityFailure.WARN) {
      LOG.warn(
          "publish: export {} run {}: quality contract broken, publishing anyway"
              + " (on_quality_failure: warn): {}",
          export,
          plan.runId(),
          breaches);
      return Optional.of(report);
    }
    String message =
        "export '"
            + export
            + "' run "
            + plan.runId()
            + " broke its quality contract and was not published: "
            + breaches;
    if (store != null) {
      store.runFailed(plan.runId(), FailureKind.QUALITY.name(), message);
    }
    throw new RivetException(
        FailureKind.QUALITY,
        message,
        "the run has no _SUCCESS and the cursor mark did not move; see "
            + REPORT
            + " in the run's folder. Fix the source data or the contract (quality: in the config),"
            + " or set on_quality_failure: warn to publish anyway, then run the export again");
  }

  /** The rows of the export's newest published run before this one, when the contract asks. */
  private static Long previousRows(ExportPlan plan, StateStore store) {
    if (store == null || plan.export().quality().rowCountChangeMax() == null) {
      return null;
    }
    return store.runs(plan.export().name(), 100).stream()
        .filter(r -> r.status() == RunStatus.SUCCEEDED && !r.runId().equals(plan.runId()))
        .filter(r -> r.createdAt().isBefore(plan.createdAt()))
        .findFirst()
        .map(RunRecord::rows)
        .orElse(null);
  }

  private static void write(RunLayout layout, QualityReport report) throws IOException {
    byte[] json =
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(report);
    ResourceId target = layout.file(REPORT);
    if (layout.writesInPlace()) {
      // An object store shows an upload only once it is complete.
      try (OutputStream out =
          Channels.newOutputStream(FileSystems.create(target, MimeTypes.TEXT))) {
        out.write(json);
      }
      return;
    }
    ResourceId temp = layout.file("." + REPORT + ".inprogress");
    try (OutputStream out = Channels.newOutputStream(FileSystems.create(temp, MimeTypes.TEXT))) {
      out.write(json);
    }
    FileSystems.rename(List.of(temp), List.of(target));
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      LOG.warn("cannot delete the quality check's temporary folder {}: {}", dir, e.toString());
    }
  }
}
