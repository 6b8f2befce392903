package dev.rivet.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.file.WrittenFile;
import dev.rivet.kernel.plan.TestPlans;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How every {@link StateStore} hands out chunk claims to workers sharing a run: each chunk to one
 * worker at a time, across stores (as across processes), until it is written or its claim expires.
 */
interface ChunkClaimContract {
  Duration CLAIM_TTL = Duration.ofMinutes(1);

  StateStore store();

  StateStore openAgain();

  @Test
  @Timeout(120)
  default void shouldNeverGiveOneChunkToTwoConcurrentClaimers() throws Exception {
    int chunks = 40;
    store().savePlan(TestPlans.keyRange("run-claims", "orders", chunks, TestPlans.CREATED));
    int workers = 4;
    List<StateStore> stores = new ArrayList<>();
    for (int i = 0; i < workers; i++) {
      stores.add(openAgain());
    }
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<List<Integer>>> claimed = new ArrayList<>();
      for (int i = 0; i < workers; i++) {
        StateStore own = stores.get(i);
        String worker = "worker-" + i;
        claimed.add(
            pool.submit(
                () -> {
                  start.await();
                  List<Integer> mine = new ArrayList<>();
                  Optional<Integer> next;
                  while ((next = own.claimChunk("run-claims", worker, CLAIM_TTL, 3)).isPresent()) {
                    mine.add(next.get());
                  }
                  return mine;
                }));
      }
      start.countDown();
      List<Integer> all = new ArrayList<>();
      for (Future<List<Integer>> f : claimed) {
        all.addAll(f.get(100, TimeUnit.SECONDS));
      }
      assertThat(all).hasSize(chunks).doesNotHaveDuplicates();
      assertThat(new HashSet<>(all)).hasSize(chunks);
      assertThat(store().chunks("run-claims"))
          .allSatisfy(
              c -> {
                assertThat(c.status()).isEqualTo(ChunkStatus.RUNNING);
                assertThat(c.attempts()).isEqualTo(1);
              });
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  default void shouldLetAnotherWorkerClaimAChunkOnlyOnceItsClaimExpired() throws Exception {
    store().savePlan(TestPlans.keyRange("run-expiry", "orders", 1, TestPlans.CREATED));
    StateStore other = openAgain();

    assertThat(store().claimChunk("run-expiry", "killed", Duration.ofMillis(300), 3)).contains(0);
    assertThat(other.claimChunk("run-expiry", "survivor", CLAIM_TTL, 3)).isEmpty();

    Optional<Integer> taken = Optional.empty();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (taken.isEmpty() && System.nanoTime() < deadline) {
      // Polls the store's own clock, as a worker does: the claim expired when the store says so.
      taken = other.claimChunk("run-expiry", "survivor", CLAIM_TTL, 3);
    }

    assertThat(taken).contains(0);
    assertThat(store().renewChunkClaim("run-expiry", 0, "killed", CLAIM_TTL)).isFalse();
    assertThat(other.renewChunkClaim("run-expiry", 0, "survivor", CLAIM_TTL)).isTrue();
    assertThat(store().chunks("run-expiry").get(0).attempts()).isEqualTo(2);
  }

  @Test
  default void shouldEndTheClaimWhenTheChunkIsWrittenAndRetryFailedChunksWhileAttemptsLast() {
    store().savePlan(TestPlans.keyRange("run-done", "orders", 2, TestPlans.CREATED));

    assertThat(store().claimChunk("run-done", "a", CLAIM_TTL, 2)).contains(0);
    assertThat(store().claimChunk("run-done", "a", CLAIM_TTL, 2)).contains(1);
    store()
        .chunkWritten(
            "run-done", 0, new WrittenFile("run-done", 0, 0, "/out/0", 5, 10, null, Map.of()));
    assertThat(store().renewChunkClaim("run-done", 0, "a", CLAIM_TTL)).isFalse();
    // A failed chunk stays with its worker, which may retry it, until the claim lapses.
    store().chunkFailed("run-done", 1, "SOURCE_TRANSIENT", "connection reset");
    assertThat(openAgain().claimChunk("run-done", "b", CLAIM_TTL, 2)).isEmpty();
    assertThat(store().renewChunkClaim("run-done", 1, "a", Duration.ofMillis(1))).isTrue();

    Optional<Integer> retried = Optional.empty();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (retried.isEmpty() && System.nanoTime() < deadline) {
      retried = store().claimChunk("run-done", "b", CLAIM_TTL, 2);
    }
    assertThat(retried).contains(1);
    store().chunkFailed("run-done", 1, "SOURCE_TRANSIENT", "connection reset");
    assertThat(store().renewChunkClaim("run-done", 1, "b", Duration.ofMillis(1))).isTrue();
    Set<Integer> none = new HashSet<>();
    deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
    while (System.nanoTime() < deadline) {
      store().claimChunk("run-done", "c", CLAIM_TTL, 2).ifPresent(none::add);
    }
    assertThat(none).as("a chunk out of attempts is never claimed").isEmpty();
  }

  @Test
  default void shouldNeverClaimAChunkOfAFailedRunEvenWithAttemptsLeft() {
    store().savePlan(TestPlans.keyRange("run-failed", "orders", 2, TestPlans.CREATED));
    store().runStarted("run-failed", "worker");
    assertThat(store().claimChunk("run-failed", "a", Duration.ofMillis(1), 3)).contains(0);
    store().chunkFailed("run-failed", 0, "SOURCE_PERMANENT", "permission denied");
    store().runFailed("run-failed", "SOURCE_PERMANENT", "permission denied");

    StateStore other = openAgain();
    Set<Integer> claimed = new HashSet<>();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
    while (System.nanoTime() < deadline) {
      // Past the failed chunk's 1 ms claim: only the run's status keeps both chunks unclaimed.
      other.claimChunk("run-failed", "b", CLAIM_TTL, 3).ifPresent(claimed::add);
    }

    assertThat(claimed).as("chunks claimed from a FAILED run").isEmpty();
    assertThat(store().chunks("run-failed").get(0).attempts()).isOne();
  }
}
