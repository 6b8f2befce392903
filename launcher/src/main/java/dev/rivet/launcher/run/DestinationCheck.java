package dev.rivet.launcher.run;

import dev.rivet.planner.failure.FailureKind;
import dev.rivet.planner.failure.RivetException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Proves a destination can take files before any source row is read. */
public final class DestinationCheck {
  private DestinationCheck() {}

  public static void ensureWritable(String exportName, String destination) {
    Path dir =
        destination.startsWith("file:")
            ? Paths.get(URI.create(destination))
            : Paths.get(destination);
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
}
