package dev.rivet.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How every {@link StateStore} grants export leases: one holder at a time, across stores (each with
 * its own connections, as each process has), until the lease is released or expires.
 */
interface LeaseContract {
  Duration MINUTE = Duration.ofMinutes(1);

  /** The store of the current test. */
  StateStore store();

  /**
   * Another store on the same location, as another process would open it; closed after the test.
   */
  StateStore openAgain();

  @Test
  default void shouldGrantAFreeLeaseAndRefuseAnotherHolderUntilItIsReleased() {
    StateStore other = openAgain();

    Lease mine = store().acquireLease("orders", "host-a:1", MINUTE);
    Lease refused = other.acquireLease("orders", "host-b:2", MINUTE);

    assertThat(mine.isHeldBy("host-a:1")).isTrue();
    assertThat(mine.expiresAt()).isEqualTo(mine.acquiredAt().plus(MINUTE));
    assertThat(refused).isEqualTo(mine);
    assertThat(other.acquireLease("customers", "host-b:2", MINUTE).isHeldBy("host-b:2")).isTrue();

    store().releaseLease("orders", "host-b:2");
    assertThat(other.acquireLease("orders", "host-b:2", MINUTE).holder()).isEqualTo("host-a:1");
    store().releaseLease("orders", "host-a:1");
    assertThat(other.acquireLease("orders", "host-b:2", MINUTE).isHeldBy("host-b:2")).isTrue();
  }

  @Test
  default void shouldGrantAnExpiredLeaseToAnotherHolderAndNotRenewItForTheFormerOne()
      throws InterruptedException {
    StateStore other = openAgain();
    Lease lapsing = store().acquireLease("orders", "crashed:1", Duration.ofMillis(500));

    Lease taken = acquireOnceExpired(other, "orders", "host-b:2", lapsing.expiresAt());

    assertThat(taken.isHeldBy("host-b:2")).isTrue();
    // Both instants are the store's clock: the lease was not granted before the old one expired.
    assertThat(taken.acquiredAt()).isAfterOrEqualTo(lapsing.expiresAt());
    assertThat(store().renewLease("orders", "crashed:1", MINUTE)).isFalse();
    assertThat(store().leases()).containsExactly(taken);
  }

  @Test
  default void shouldRenewOnlyTheHoldersLeaseAndKeepWhenItWasAcquired() {
    Lease first = store().acquireLease("orders", "host-a:1", Duration.ofSeconds(5));

    assertThat(store().renewLease("orders", "host-a:1", Duration.ofHours(1))).isTrue();
    assertThat(openAgain().renewLease("orders", "host-b:2", MINUTE)).isFalse();
    Lease renewed = store().leases().get(0);
    assertThat(renewed.holder()).isEqualTo("host-a:1");
    assertThat(renewed.acquiredAt()).isEqualTo(first.acquiredAt());
    assertThat(renewed.expiresAt()).isAfterOrEqualTo(first.acquiredAt().plus(Duration.ofHours(1)));
    Lease again = store().acquireLease("orders", "host-a:1", MINUTE);
    assertThat(again.acquiredAt()).isEqualTo(first.acquiredAt());
    assertThat(store().renewLease("unleased", "host-a:1", MINUTE)).isFalse();
  }

  @Test
  default void shouldGiveEachNewHolderAHigherTokenThatNeverRepeatsAfterARelease() {
    StateStore other = openAgain();

    Lease first = store().acquireLease("orders", "host-a:1", "host=a", MINUTE);
    Lease again = store().acquireLease("orders", "host-a:1", "host=a", MINUTE);
    store().releaseLease("orders", "host-a:1");
    Lease second = other.acquireLease("orders", "host-b:2", "host=b", MINUTE);
    other.releaseLease("orders", "host-b:2");
    Lease third = store().acquireLease("orders", "host-a:1", "host=a", MINUTE);

    assertThat(first.token()).isPositive();
    assertThat(again.token()).as("renewing by acquiring keeps the token").isEqualTo(first.token());
    assertThat(second.token()).isGreaterThan(first.token());
    assertThat(third.token()).isGreaterThan(second.token());
    assertThat(third.holderProcess()).isEqualTo("host=a");
    assertThat(store().lease("orders")).contains(third);
    assertThat(store().lease("customers")).isEmpty();
  }

  @Test
  default void shouldStopAHolderWhoseLeaseWasTakenOverAtItsFence() throws InterruptedException {
    StateStore other = openAgain();
    Lease paused = store().acquireLease("orders", "paused:1", Duration.ofMillis(500));
    Lease taken = acquireOnceExpired(other, "orders", "host-b:2", paused.expiresAt());

    taken.fence().check(other, "writing chunk 0");
    assertThatThrownBy(() -> paused.fence().check(store(), "writing chunk 3"))
        .isInstanceOf(LeaseFence.LeaseLostException.class)
        .hasMessageContaining("this process (paused:1) no longer holds the export's lease")
        .hasMessageContaining("host-b:2 took the export over at " + taken.acquiredAt())
        .hasMessageContaining("lease token " + taken.token())
        .hasMessageContaining("it stops before writing chunk 3");
    other.releaseLease("orders", "host-b:2");
    assertThatThrownBy(() -> taken.fence().check(store(), "publishing"))
        .isInstanceOf(LeaseFence.LeaseLostException.class)
        .hasMessageContaining("its lease is gone");
  }

  @Test
  default void shouldTakeOverExactlyTheLeaseOfADeadHolderOnce() {
    StateStore other = openAgain();
    Lease dead = store().acquireLease("orders", "dead:1", "pid=1", MINUTE);

    Lease taken = other.takeOverLease(dead, "host-b:2", "pid=2", MINUTE).orElseThrow();

    assertThat(taken.holder()).isEqualTo("host-b:2");
    assertThat(taken.holderProcess()).isEqualTo("pid=2");
    assertThat(taken.token()).isGreaterThan(dead.token());
    assertThat(store().takeOverLease(dead, "host-c:3", "pid=3", MINUTE))
        .as("the dead holder's lease is no longer in force")
        .isEmpty();
    assertThat(store().renewLease("orders", "dead:1", MINUTE)).isFalse();
    assertThat(store().lease("orders")).contains(taken);
  }

  @Test
  default void shouldListEveryLeaseByExportIncludingOneNobodyRenews() {
    Lease lapsing = store().acquireLease("zeta", "crashed:1", Duration.ofMillis(1));
    Lease active = store().acquireLease("alpha", "host-a:1", MINUTE);

    assertThat(store().leases()).containsExactly(active, lapsing);
  }

  @Test
  default void shouldRejectALeaseThatLastsNoTime() {
    assertThatThrownBy(() -> store().acquireLease("orders", "h:1", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive");
    assertThat(store().leases()).isEmpty();
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  default void shouldGrantExactlyOneOfManyStoresContendingAtOnce() throws Exception {
    int contenders = 4;
    List<StateStore> stores = new ArrayList<>();
    for (int i = 0; i < contenders; i++) {
      stores.add(openAgain());
    }
    ExecutorService pool = Executors.newFixedThreadPool(contenders);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Lease>> answers = new ArrayList<>();
      for (int i = 0; i < contenders; i++) {
        StateStore own = stores.get(i);
        String holder = "host-" + i + ":" + i;
        answers.add(
            pool.submit(
                () -> {
                  start.await();
                  return own.acquireLease("orders", holder, MINUTE);
                }));
      }
      start.countDown();
      List<Lease> leases = new ArrayList<>();
      for (Future<Lease> answer : answers) {
        leases.add(answer.get(100, TimeUnit.SECONDS));
      }

      assertThat(leases).containsOnly(leases.get(0));
      String winner = leases.get(0).holder();
      assertThat(winner).matches("host-\\d:\\d");
      assertThat(store().leases()).containsExactly(leases.get(0));
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Asks for the lease until it is granted. Expiry is judged by the store's clock, which may differ
   * a little from this one, so this asks again rather than sleeping for a computed time.
   */
  private static Lease acquireOnceExpired(
      StateStore store, String export, String holder, Instant expiry) throws InterruptedException {
    Instant giveUp = expiry.plusSeconds(10);
    while (true) {
      Lease lease = store.acquireLease(export, holder, MINUTE);
      if (lease.isHeldBy(holder) || Instant.now().isAfter(giveUp)) {
        return lease;
      }
      Thread.sleep(50);
    }
  }
}
