package dev.rivet.launcher.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.state.Lease;
import dev.rivet.state.StateLocation;
import dev.rivet.state.StateStore;
import dev.rivet.state.backends.StateStores;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class ExportLeaseTest {
  private static final Duration MINUTE = Duration.ofMinutes(1);

  @TempDir Path dir;
  private StateStore store;
  private StateStore otherProcess;

  @BeforeEach
  void openStores() {
    StateLocation location = StateLocation.sqliteFile(dir.resolve("state.db"));
    store = StateStores.open(location);
    otherProcess = StateStores.open(location);
  }

  @AfterEach
  void closeStores() {
    store.close();
    otherProcess.close();
  }

  @Test
  void shouldRefuseAnExportHeldByAnotherProcessNamingTheHolderAndTheExpiry() {
    Lease theirs = otherProcess.acquireLease("orders", "build-7:4242", MINUTE);

    assertThatThrownBy(() -> ExportLease.acquire(store, "orders", "me:1", MINUTE))
        .isInstanceOfSatisfying(
            RivetException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(FailureKind.STATE);
              assertThat(e.hint())
                  .contains("wait for that run to finish")
                  .contains("lapses by itself at " + theirs.expiresAt())
                  .contains("rivet state leases");
            })
        .hasMessage(
            "export 'orders' is being run by another rivet process, build-7:4242 (since "
                + theirs.acquiredAt()
                + "); its lease expires at "
                + theirs.expiresAt()
                + " unless that process renews it");
    assertThat(store.leases()).containsExactly(theirs);
  }

  @Test
  void shouldReleaseTheLeaseOnCloseSoThatAnotherProcessGetsIt() {
    try (ExportLease lease = ExportLease.acquire(store, "orders", "me:1", MINUTE)) {
      assertThat(store.leases()).extracting(Lease::holder).containsExactly("me:1");
    }

    assertThat(store.leases()).isEmpty();
    assertThat(otherProcess.acquireLease("orders", "them:2", MINUTE).isHeldBy("them:2")).isTrue();
  }

  @Test
  @Timeout(30)
  void shouldKeepTheLeaseBeyondItsTimeToLiveWhileOpen() throws InterruptedException {
    Duration ttl = Duration.ofSeconds(3);
    try (ExportLease lease = ExportLease.acquire(store, "orders", "me:1", ttl)) {
      Instant firstExpiry = store.leases().get(0).expiresAt();
      // Time must pass for a lease to lapse: wait past its first expiry.
      Thread.sleep(Duration.between(Instant.now(), firstExpiry).toMillis() + 500);

      Lease refused = otherProcess.acquireLease("orders", "them:2", MINUTE);

      assertThat(refused.holder()).isEqualTo("me:1");
      assertThat(refused.expiresAt()).isAfter(firstExpiry);
    }
  }

  @Test
  @Timeout(30)
  void shouldFailOnCloseWhenAnotherProcessTookTheLease() throws InterruptedException {
    ExportLease lease = ExportLease.acquire(store, "orders", "me:1", Duration.ofSeconds(3));
    // As if this process had stalled past the lease's expiry and another had taken it over.
    store.releaseLease("orders", "me:1");
    otherProcess.acquireLease("orders", "them:2", MINUTE);
    while (!lease.isLost()) {
      Thread.sleep(50);
    }

    assertThatThrownBy(lease::close)
        .isInstanceOfSatisfying(
            RivetException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.STATE))
        .hasMessageContaining("lost its lease");
    assertThat(store.leases()).extracting(Lease::holder).containsExactly("them:2");
  }

  @Test
  void shouldTakeOverAtOnceFromAHolderThatIsNoLongerRunningOnThisHost() throws Exception {
    HolderProcess me = HolderProcess.current("this-host");
    Process exited = new ProcessBuilder("true").start();
    exited.waitFor();
    HolderProcess dead =
        new HolderProcess("this-host", me.pidNamespace(), exited.pid(), me.start());
    Lease theirs = otherProcess.acquireLease("orders", "this-host:dead", dead.wire(), MINUTE);

    try (ExportLease lease = ExportLease.acquire(store, "orders", "me:1", me, MINUTE)) {
      Lease now = store.lease("orders").orElseThrow();
      assertThat(now.holder()).isEqualTo("me:1");
      assertThat(now.token()).isGreaterThan(theirs.token());
      assertThat(lease.fence()).isEqualTo(now.fence());
      assertThat(otherProcess.renewLease("orders", "this-host:dead", MINUTE)).isFalse();
    }
  }

  @Test
  void shouldTakeOverWhenThePidNowBelongsToAProcessStartedLater() {
    HolderProcess me = HolderProcess.current("this-host");
    // This JVM's pid, but a holder that started a day earlier: the pid was reused.
    HolderProcess reused =
        new HolderProcess(
            "this-host", me.pidNamespace(), me.pid(), me.start().minus(Duration.ofDays(1)));
    otherProcess.acquireLease("orders", "this-host:old", reused.wire(), MINUTE);

    try (ExportLease lease = ExportLease.acquire(store, "orders", "me:1", me, MINUTE)) {
      assertThat(store.lease("orders").orElseThrow().holder()).isEqualTo("me:1");
    }
  }

  @Test
  void shouldWaitForTheLeaseOfAHolderThatMayStillRun() {
    HolderProcess me = HolderProcess.current("this-host");
    List<HolderProcess> maybeRunning =
        List.of(
            // Alive: this very process, as it started.
            me,
            // Another host, or another pid namespace on this host: its pids mean nothing here.
            new HolderProcess("other-host", me.pidNamespace(), 1, null),
            new HolderProcess("this-host", "pid:[1]", me.pid() + 100_000, null));
    for (HolderProcess holder : maybeRunning) {
      otherProcess.acquireLease("orders", "them:2", holder.wire(), MINUTE);

      assertThatThrownBy(() -> ExportLease.acquire(store, "orders", "me:1", me, MINUTE))
          .as("holder %s", holder)
          .isInstanceOfSatisfying(
              RivetException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.STATE))
          .hasMessageContaining("being run by another rivet process, them:2");
      otherProcess.releaseLease("orders", "them:2");
    }
  }

  @Test
  void shouldReadBackTheHolderAsStored() {
    HolderProcess me = HolderProcess.current("h");

    assertThat(HolderProcess.parse(me.wire())).contains(me);
    assertThat(HolderProcess.parse(null)).isEmpty();
    assertThat(HolderProcess.parse("garbage")).isEmpty();
  }

  @Test
  void shouldReadTheTimeToLiveFromTheEnvironment() {
    assertThat(ExportLease.ttl(Map.of())).isEqualTo(Duration.ofSeconds(60));
    assertThat(ExportLease.ttl(Map.of("RIVET_LEASE_TTL_SECONDS", " 5 ")))
        .isEqualTo(Duration.ofSeconds(5));
    for (String bad : new String[] {"2", "0", "-5", "1.5", "soon", "86401"}) {
      assertThatThrownBy(() -> ExportLease.ttl(Map.of("RIVET_LEASE_TTL_SECONDS", bad)))
          .isInstanceOfSatisfying(
              RivetException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.USER_CONFIG))
          .hasMessage(
              "environment variable RIVET_LEASE_TTL_SECONDS: '"
                  + bad
                  + "' is not a whole number of seconds from 3 to 86400");
    }
  }

  @Test
  void shouldNameThisProcessByHostAndPid() {
    assertThat(ExportLease.thisProcess()).endsWith(":" + ProcessHandle.current().pid());
  }
}
