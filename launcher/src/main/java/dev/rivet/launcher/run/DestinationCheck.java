package dev.rivet.launcher.run;

import dev.rivet.kernel.destination.Destination;
import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.launcher.storage.StorageErrors;
import dev.rivet.pipeline.files.UploadStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.UUID;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * Proves a destination can take files before any source row is read: a local directory is created
 * and a probe file written and deleted in it; in an S3 or GCS bucket a probe object is uploaded and
 * deleted under the destination's fixed prefix (the part before any placeholder), which also proves
 * the bucket exists and the credentials work. Standard output needs no probe. Object stores are
 * reached with the options registered with Beam's FileSystems.
 */
public final class DestinationCheck {
  private DestinationCheck() {}

  public static void ensureWritable(String exportName, Destination parsed) {
    if (parsed instanceof Destination.Stdout) {
      return;
    }
    if (parsed instanceof Destination.S3 s3) {
      probeBucket(exportName, s3.bucket(), s3.template().root());
    } else if (parsed instanceof Destination.Gcs gcs) {
      probeBucket(exportName, gcs.bucket(), gcs.template().root());
    } else {
      probeDirectory(exportName, parsed.template().root());
    }
  }

  private static void probeDirectory(String exportName, String root) {
    Path dir = root.startsWith("file:") ? Paths.get(URI.create(root)) : Paths.get(root);
    try {
      Files.createDirectories(dir);
      Path probe = Files.createTempFile(dir, ".rivet-probe-", ".tmp");
      Files.delete(probe);
    } catch (IOException | SecurityException e) {
      throw new RivetException(
          FailureKind.DESTINATION,
          "export '"
              + exportName
              + "': destination "
              + dir.toAbsolutePath()
              + " is not writable ("
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage()
              + ")",
          "point 'destination' at a directory this user can create and write",
          e);
    }
  }

  private static void probeBucket(String exportName, String bucket, String root) {
    String what = "export '" + exportName + "': destination " + root;
    try {
      ResourceId probe =
          FileSystems.matchNewResource(root, true)
              .resolve(".rivet-probe-" + UUID.randomUUID(), StandardResolveOptions.RESOLVE_FILE);
      try (UploadStream out = UploadStream.create(probe, false)) {
        out.write('\n');
      }
      FileSystems.delete(List.of(probe), StandardMoveOptions.IGNORE_MISSING_FILES);
    } catch (IOException | RuntimeException e) {
      throw StorageErrors.explain(what, bucket, e);
    }
  }
}
