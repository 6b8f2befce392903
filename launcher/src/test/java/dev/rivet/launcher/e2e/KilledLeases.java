package dev.rivet.launcher.e2e;

import dev.rivet.state.Lease;
import dev.rivet.state.StateLocation;
import dev.rivet.state.StateStore;
import dev.rivet.state.backends.StateStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Waits out the export leases a killed rivet left in a SQLite state file: a rerun of the export is
 * refused until they lapse. Start the killed process with a short {@code RIVET_LEASE_TTL_SECONDS}.
 */
final class KilledLeases {
  /** The time to live to give a process the test will kill, in seconds. */
  static final String SHORT_TTL = "3";

  private KilledLeases() {}

  static void awaitExpiry(Path stateFile) throws Exception {
    if (!Files.exists(stateFile)) {
      return;
    }
    Instant last = Instant.EPOCH;
    try (StateStore store = StateStores.open(StateLocation.sqliteFile(stateFile))) {
      for (Lease lease : store.leases()) {
        if (lease.expiresAt().isAfter(last)) {
          last = lease.expiresAt();
        }
      }
    }
    // Expiry is about time passing: this waits for time, not for another thread.
    long millis = Duration.between(Instant.now(), last).toMillis();
    if (millis > 0) {
      Thread.sleep(millis + 200);
    }
  }
}
