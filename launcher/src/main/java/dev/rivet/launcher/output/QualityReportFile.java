package dev.rivet.launcher.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.rivet.pipeline.quality.QualityGate;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;

/** Reads a run's quality report, which the publisher writes beside its manifest. */
final class QualityReportFile {
  private QualityReportFile() {}

  /**
   * The report in the folder of {@code manifest}, or null when there is none (no contract, or a run
   * to standard output); {@code {"unreadable": "..."}} when it cannot be read.
   */
  static JsonNode besideManifest(String manifest) {
    if (manifest == null) {
      return null;
    }
    ResourceId report =
        FileSystems.matchNewResource(manifest, false)
            .getCurrentDirectory()
            .resolve(QualityGate.REPORT, StandardResolveOptions.RESOLVE_FILE);
    try {
      MatchResult match =
          FileSystems.match(List.of(report.toString()), EmptyMatchTreatment.ALLOW).get(0);
      if (match.status() != MatchResult.Status.OK || match.metadata().isEmpty()) {
        return null;
      }
      try (InputStream in =
          Channels.newInputStream(FileSystems.open(match.metadata().get(0).resourceId()))) {
        return new ObjectMapper().readTree(in);
      }
    } catch (IOException e) {
      return JsonNodeFactory.instance.objectNode().put("unreadable", e.getMessage());
    }
  }
}
