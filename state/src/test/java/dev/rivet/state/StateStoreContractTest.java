package dev.rivet.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.file.WrittenFile;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.KeyType;
import dev.rivet.kernel.plan.TestPlans;
import dev.rivet.kernel.shape.ColumnProfile;
import dev.rivet.state.backends.StateStores;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Behaviour every {@link StateStore} implementation must show, leases ({@link LeaseContract})
 * included. A subclass supplies fresh, empty locations; each test opens stores only through {@link
 * StateStores}.
 */
public abstract class StateStoreContractTest
    implements LeaseContract, ChunkClaimContract, DumpContract {
  private final List<StateStore> opened = new ArrayList<>();
  protected StateLocation location;
  protected StateStore store;

  /** A location no test has used yet; its store does not exist or is empty. */
  protected abstract StateLocation newLocation() throws Exception;

  /** Records in the location's schema history that a migration newer than this build ran. */
  protected void recordAppliedMigration(StateLocation at, String version) throws SQLException {
    recordMigration(at, version, true);
  }

  /** Records in the location's schema history a migration that succeeded or failed. */
  protected void recordMigration(StateLocation at, String version, boolean success)
      throws SQLException {
    try (Connection c = DriverManager.getConnection(at.jdbcUrl());
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO flyway_schema_history (installed_rank, version, description, type,"
                    + " script, checksum, installed_by, execution_time, success) SELECT"
                    + " MAX(installed_rank) + 1, ?, 'from a newer rivet', 'SQL', 'V' || ? ||"
                    + " '__future.sql', 0, 'test', 0, "
                    + (success ? "TRUE" : "FALSE")
                    + " FROM flyway_schema_history")) {
      insert.setString(1, version);
      insert.setString(2, version);
      assertThat(insert.executeUpdate()).isEqualTo(1);
    }
  }

  @BeforeEach
  void openStore() throws Exception {
    location = newLocation();
    store = open(location);
  }

  @AfterEach
  void closeStores() {
    opened.forEach(StateStore::close);
  }

  protected StateStore open(StateLocation at) {
    StateStore s = StateStores.open(at);
    opened.add(s);
    return s;
  }

  @Override
  public StateStore store() {
    return store;
  }

  @Override
  public StateStore openAgain() {
    return open(location);
  }

  @Override
  public StateStore freshStore() {
    try {
      return open(newLocation());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void shouldCreateAStoreOnMigrateAndThenFindItCurrent() throws Exception {
    StateLocation fresh = newLocation();

    SchemaUpgrade created = StateStores.migrate(fresh);
    SchemaUpgrade again = StateStores.migrate(fresh);

    assertThat(created.created()).isTrue();
    assertThat(created.to()).isEqualTo(store.schemaVersion()).matches("\\d+");
    assertThat(again).isEqualTo(new SchemaUpgrade(created.to(), created.to()));
    assertThat(again.migrated()).isFalse();
    assertThat(open(fresh).runs(null, 1)).isEmpty();
  }

  @Test
  void shouldRoundTripSplitTablePlanExactly() {
    ExportPlan plan = TestPlans.keyRange("run-1", 3);

    store.savePlan(plan);

    assertThat(store.findPlan("run-1")).contains(plan);
  }

  @Test
  void shouldRoundTripBlockRangePlanWithItsBlockBoundsAndNotes() {
    ExportPlan plan = TestPlans.blockRange("run-b");

    store.savePlan(plan);

    assertThat(store.findPlan("run-b")).contains(plan);
    assertThat(store.findPlan("run-b").orElseThrow().chunks().get(2).lowerInclusive())
        .isEqualTo("240");
  }

  @Test
  void shouldRoundTripKeysetPlanWithTupleBoundsExactly() {
    ExportPlan plan = TestPlans.keyset("run-k");

    store.savePlan(plan);

    assertThat(store.findPlan("run-k")).contains(plan);
    assertThat(store.chunks("run-k"))
        .extracting(ChunkRecord::lowerInclusive)
        .containsExactlyElementsOf(plan.chunks().stream().map(c -> c.lowerInclusive()).toList());
  }

  @Test
  void shouldRoundTripQueryPlanWithoutSplitKeyOrBounds() {
    ExportPlan plan = TestPlans.query("run-q");

    store.savePlan(plan);

    assertThat(store.findPlan("run-q")).contains(plan);
  }

  @Test
  void shouldRoundTripTablePlanWithoutSchemaAndNanosecondTimestamp() {
    ExportPlan plan = TestPlans.unqualifiedTable("run-t");

    store.savePlan(plan);

    assertThat(store.findPlan("run-t")).contains(plan);
    assertThat(store.run("run-t").orElseThrow().createdAt())
        .isEqualTo(plan.createdAt().truncatedTo(ChronoUnit.MICROS));
  }

  @Test
  void shouldRecordSavedPlanAsPlannedRunWithPlannedChunks() {
    store.savePlan(TestPlans.keyRange("run-1", 3));

    RunRecord run = store.run("run-1").orElseThrow();
    assertThat(run.status()).isEqualTo(RunStatus.PLANNED);
    assertThat(run.export()).isEqualTo("orders");
    assertThat(run.chunkCount()).isEqualTo(3);
    assertThat(run.createdAt()).isEqualTo(TestPlans.CREATED);
    assertThat(run.startedAt()).isNull();
    assertThat(run.runner()).isNull();
    assertThat(store.chunks("run-1"))
        .extracting(
            ChunkRecord::chunkIndex,
            ChunkRecord::lowerInclusive,
            ChunkRecord::upperExclusive,
            ChunkRecord::status,
            ChunkRecord::attempts)
        .containsExactly(
            tuple(0, null, "1000", ChunkStatus.PLANNED, 0),
            tuple(1, "1000", "2000", ChunkStatus.PLANNED, 0),
            tuple(2, "2000", null, ChunkStatus.PLANNED, 0));
    assertThat(store.files("run-1")).isEmpty();
  }

  @Test
  void shouldDeleteTheRecordsOfRunsAndNothingElse() {
    store.savePlan(TestPlans.keyRange("run-1", 2));
    store.savePlan(TestPlans.keyRange("run-2", 2));
    store.runStarted("run-1", "direct");
    store.chunkStarted("run-1", 0);
    store.chunkWritten("run-1", 0, file("run-1", 0, "a", 10));
    store.chunkStarted("run-1", 1);
    store.chunkFailed("run-1", 1, "SOURCE_TRANSIENT", "connection reset");
    store.runFailed("run-1", "SOURCE_TRANSIENT", "connection reset");

    int deleted = store.deleteRuns(java.util.List.of("run-1", "no-such-run"));

    assertThat(deleted).isEqualTo(1);
    assertThat(store.run("run-1")).isEmpty();
    assertThat(store.chunks("run-1")).isEmpty();
    assertThat(store.files("run-1")).isEmpty();
    assertThat(store.chunkErrors("run-1")).isEmpty();
    assertThat(store.run("run-2")).isPresent();
    assertThat(store.chunks("run-2")).hasSize(2);
    assertThat(store.deleteRuns(java.util.List.of())).isZero();
  }

  @Test
  void shouldReturnNothingForUnknownRunInQueries() {
    assertThat(store.findPlan("nope")).isEmpty();
    assertThat(store.run("nope")).isEmpty();
    assertThat(store.chunks("nope")).isEmpty();
    assertThat(store.files("nope")).isEmpty();
  }

  @Test
  void shouldMoveRunAndChunksThroughToPublished() {
    store.savePlan(TestPlans.keyRange("run-1", 2));
    Instant before = Instant.now().truncatedTo(ChronoUnit.MICROS);

    store.runStarted("run-1", "direct");
    store.chunkStarted("run-1", 0);
    store.chunkStarted("run-1", 1);
    assertThat(store.run("run-1").orElseThrow())
        .satisfies(r -> assertThat(r.status()).isEqualTo(RunStatus.RUNNING))
        .satisfies(r -> assertThat(r.runner()).isEqualTo("direct"))
        .satisfies(r -> assertThat(r.startedAt()).isAfterOrEqualTo(before));
    assertThat(store.chunks("run-1"))
        .allSatisfy(c -> assertThat(c.status()).isEqualTo(ChunkStatus.RUNNING))
        .allSatisfy(c -> assertThat(c.attempts()).isEqualTo(1))
        .allSatisfy(c -> assertThat(c.startedAt()).isAfterOrEqualTo(before));

    store.chunkWritten("run-1", 0, file("run-1", 0, "a", 10));
    store.chunkWritten("run-1", 1, file("run-1", 1, "b", 20));
    assertThat(store.chunks("run-1"))
        .extracting(ChunkRecord::status, ChunkRecord::rows)
        .containsExactly(tuple(ChunkStatus.WRITTEN, 10L), tuple(ChunkStatus.WRITTEN, 20L));
    assertThat(store.chunks("run-1")).allSatisfy(c -> assertThat(c.finishedAt()).isNotNull());

    store.runPublished("run-1", new RunTotals(30, 2, 300));

    RunRecord run = store.run("run-1").orElseThrow();
    assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(run.finishedAt()).isAfterOrEqualTo(run.startedAt());
    assertThat(List.of(run.rows(), run.files(), run.bytes())).containsExactly(30L, 2L, 300L);
    assertThat(store.chunks("run-1"))
        .extracting(ChunkRecord::status)
        .containsOnly(ChunkStatus.PUBLISHED);
    assertThat(store.files("run-1"))
        .containsExactly(file("run-1", 0, "a", 10), file("run-1", 1, "b", 20));
  }

  @Test
  void shouldCountAttemptsAndClearTheErrorWhenAChunkIsRetried() {
    store.savePlan(TestPlans.keyRange("run-1", 1));
    store.chunkStarted("run-1", 0);

    store.chunkFailed("run-1", 0, "SOURCE_TRANSIENT", "connection reset");
    ChunkRecord failed = store.chunks("run-1").get(0);
    assertThat(failed.status()).isEqualTo(ChunkStatus.FAILED);
    assertThat(failed.errorClass()).isEqualTo("SOURCE_TRANSIENT");
    assertThat(failed.errorMessage()).isEqualTo("connection reset");
    assertThat(failed.finishedAt()).isNotNull();

    store.chunkStarted("run-1", 0);
    ChunkRecord retried = store.chunks("run-1").get(0);
    assertThat(retried.status()).isEqualTo(ChunkStatus.RUNNING);
    assertThat(retried.attempts()).isEqualTo(2);
    assertThat(retried.errorClass()).isNull();
    assertThat(retried.errorMessage()).isNull();
    assertThat(retried.finishedAt()).isNull();
  }

  @Test
  void shouldReplaceTheChunksFileWhenItIsWrittenAgain() {
    store.savePlan(TestPlans.keyRange("run-1", 2));
    store.chunkWritten("run-1", 1, file("run-1", 1, "first", 5));

    WrittenFile second = file("run-1", 1, "second", 7);
    store.chunkStarted("run-1", 1);
    store.chunkWritten("run-1", 1, second);

    assertThat(store.files("run-1")).containsExactly(second);
    assertThat(store.chunks("run-1").get(1).rows()).isEqualTo(7);
  }

  @Test
  void shouldReadBackEachFilesWarningsAsWritten() {
    store.savePlan(TestPlans.keyRange("run-1", 2));
    WrittenFile clamped =
        withWarnings(
            part("run-1", 0, 0, 5), Map.of("infinity_clamped", 3L, "zero_date_nulled", 1L));
    WrittenFile clean = part("run-1", 0, 1, 2);
    WrittenFile other = withWarnings(file("run-1", 1, "b", 4), Map.of("infinity_nulled", 4L));

    store.chunkWritten("run-1", 0, List.of(clamped, clean));
    store.chunkWritten("run-1", 1, other);

    assertThat(store.files("run-1")).containsExactly(clamped, clean, other);
    assertThat(store.files("run-1").get(0).warnings())
        .containsOnly(Map.entry("infinity_clamped", 3L), Map.entry("zero_date_nulled", 1L));
    assertThat(store.files("run-1").get(1).warnings()).isEmpty();

    store.chunkStarted("run-1", 1);
    WrittenFile rewritten = file("run-1", 1, "b", 4);
    store.chunkWritten("run-1", 1, rewritten);
    assertThat(store.files("run-1").get(2).warnings()).isEmpty();
  }

  @Test
  void shouldReadBackEachFilesColumnProfileAsWritten() {
    store.savePlan(TestPlans.keyRange("run-1", 2));
    List<ColumnProfile> profile =
        List.of(new ColumnProfile("id", 0, -1, -1), new ColumnProfile("note", 2, 300, 150));
    WrittenFile profiled = part("run-1", 0, 0, 5).withProfile(profile);
    WrittenFile unprofiled = file("run-1", 1, "b", 4);

    store.chunkWritten("run-1", 0, List.of(profiled));
    store.chunkWritten("run-1", 1, unprofiled);

    assertThat(store.files("run-1")).containsExactly(profiled, unprofiled);
    assertThat(store.files("run-1").get(0).profile()).isEqualTo(profile);
    assertThat(store.files("run-1").get(1).profile()).isEmpty();
  }

  @Test
  void shouldKeepSeveralFilesOfAChunkInOrderAndCountTheirRows() {
    store.savePlan(TestPlans.keyRange("run-1", 2));
    List<WrittenFile> parts =
        List.of(part("run-1", 1, 0, 5), part("run-1", 1, 1, 5), part("run-1", 1, 2, 2));

    store.chunkWritten("run-1", 1, parts);
    store.chunkWritten("run-1", 0, file("run-1", 0, "a", 3));

    assertThat(store.files("run-1"))
        .extracting(WrittenFile::chunkIndex, WrittenFile::fileIndex, WrittenFile::rows)
        .containsExactly(tuple(0, 0, 3L), tuple(1, 0, 5L), tuple(1, 1, 5L), tuple(1, 2, 2L));
    assertThat(store.chunks("run-1"))
        .extracting(ChunkRecord::status, ChunkRecord::rows)
        .containsExactly(tuple(ChunkStatus.WRITTEN, 3L), tuple(ChunkStatus.WRITTEN, 12L));
  }

  @Test
  void shouldReplaceEveryEarlierFileWhenAChunkIsWrittenAgainWithFewerFiles() {
    store.savePlan(TestPlans.keyRange("run-1", 2));
    store.chunkWritten("run-1", 0, file("run-1", 0, "other", 4));
    store.chunkWritten(
        "run-1",
        1,
        List.of(part("run-1", 1, 0, 5), part("run-1", 1, 1, 5), part("run-1", 1, 2, 5)));

    store.chunkStarted("run-1", 1);
    List<WrittenFile> again = List.of(part("run-1", 1, 0, 6), part("run-1", 1, 1, 1));
    store.chunkWritten("run-1", 1, again);

    assertThat(store.files("run-1"))
        .containsExactly(file("run-1", 0, "other", 4), again.get(0), again.get(1));
    assertThat(store.chunks("run-1").get(1).rows()).isEqualTo(7);
  }

  @Test
  void shouldRejectFilesThatAreNotTheChunksFilesInOrderAndChangeNothing() {
    store.savePlan(TestPlans.keyRange("run-1", 1));
    WrittenFile first = part("run-1", 0, 0, 1);
    store.chunkWritten("run-1", 0, first);

    assertThatThrownBy(() -> store.chunkWritten("run-1", 0, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one file");
    assertThatThrownBy(() -> store.chunkWritten("run-1", 0, List.of(part("run-1", 0, 1, 1), first)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has file index 1 but is file 0");
    assertThatThrownBy(() -> store.chunkWritten("run-1", 0, List.of(first, part("run-1", 0, 0, 1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has file index 0 but is file 1");

    assertThat(store.files("run-1")).containsExactly(first);
  }

  @Test
  void shouldRefuseToPublishRunWithUnwrittenChunksAndChangeNothing() {
    store.savePlan(TestPlans.keyRange("run-1", 3));
    store.runStarted("run-1", "direct");
    store.chunkWritten("run-1", 0, file("run-1", 0, "a", 1));

    assertThatThrownBy(() -> store.runPublished("run-1", new RunTotals(1, 1, 1)))
        .isInstanceOf(RivetException.class)
        .hasMessageContaining("run-1")
        .hasMessageContaining("[1, 2]");

    assertThat(store.run("run-1").orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
    assertThat(store.chunks("run-1").get(0).status()).isEqualTo(ChunkStatus.WRITTEN);
  }

  @Test
  void shouldFailRunAndOnlyItsRunningChunks() {
    store.savePlan(TestPlans.keyRange("run-1", 3));
    store.runStarted("run-1", "flink");
    store.chunkStarted("run-1", 0);
    store.chunkWritten("run-1", 0, file("run-1", 0, "a", 1));
    store.chunkStarted("run-1", 1);

    store.runFailed("run-1", "DESTINATION", "disk full");

    RunRecord run = store.run("run-1").orElseThrow();
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(run.errorClass()).isEqualTo("DESTINATION");
    assertThat(run.errorMessage()).isEqualTo("disk full");
    assertThat(run.finishedAt()).isNotNull();
    assertThat(store.chunks("run-1"))
        .extracting(ChunkRecord::status)
        .containsExactly(ChunkStatus.WRITTEN, ChunkStatus.FAILED, ChunkStatus.PLANNED);
    assertThat(store.chunks("run-1").get(1).errorMessage()).isEqualTo("disk full");
  }

  @Test
  void shouldKeepTheFirstCauseWhenAFailedRunFailsAgain() {
    store.savePlan(TestPlans.keyRange("run-1", 3));
    store.runStarted("run-1", "worker");
    store.runFailed("run-1", "SOURCE_PERMANENT", "permission denied for table orders");

    store.runFailed("run-1", "SOURCE_TRANSIENT", "connection lost");

    RunRecord run = store.run("run-1").orElseThrow();
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(run.errorClass()).isEqualTo("SOURCE_PERMANENT");
    assertThat(run.errorMessage()).isEqualTo("permission denied for table orders");
  }

  @Test
  void shouldListRunsNewestFirstAndFilterByExport() {
    Instant t = Instant.parse("2025-01-01T00:00:00Z");
    store.savePlan(TestPlans.keyRange("a-old", "alpha", 1, t));
    store.savePlan(TestPlans.keyRange("b-mid", "beta", 1, t.plusMillis(1)));
    // Shorter text than a fractional instant, yet later: order must follow time, not text.
    store.savePlan(TestPlans.keyRange("a-new", "alpha", 1, t.plusSeconds(1)));
    store.savePlan(TestPlans.keyRange("a-tie", "alpha", 1, t.plusSeconds(1)));

    assertThat(store.runs(null, 10))
        .extracting(RunRecord::runId)
        .containsExactly("a-tie", "a-new", "b-mid", "a-old");
    assertThat(store.runs("alpha", 10))
        .extracting(RunRecord::runId)
        .containsExactly("a-tie", "a-new", "a-old");
    assertThat(store.runs("alpha", 2))
        .extracting(RunRecord::runId)
        .containsExactly("a-tie", "a-new");
    assertThat(store.runs("gamma", 10)).isEmpty();
  }

  @Test
  void shouldListTheRunsOfSeveralExportsNewestFirstLeavingOthersOut() {
    Instant t = Instant.parse("2025-01-01T00:00:00Z");
    store.savePlan(TestPlans.keyRange("a-old", "alpha", 1, t));
    store.savePlan(TestPlans.keyRange("b-mid", "beta", 1, t.plusMillis(1)));
    store.savePlan(TestPlans.keyRange("g-new", "gamma", 1, t.plusSeconds(2)));
    store.savePlan(TestPlans.keyRange("a-new", "alpha", 1, t.plusSeconds(1)));

    assertThat(store.runsOf(List.of("alpha", "beta"), 10))
        .extracting(RunRecord::runId)
        .containsExactly("a-new", "b-mid", "a-old");
    assertThat(store.runsOf(List.of("beta", "alpha", "beta"), 1))
        .extracting(RunRecord::runId)
        .containsExactly("a-new");
    assertThat(store.runsOf(List.of("delta"), 10)).isEmpty();
    assertThat(store.runsOf(List.of(), 10)).isEmpty();
  }

  @Test
  void shouldRejectEveryMutatorOfAnUnknownRunNamingIt() {
    WrittenFile f = file("ghost", 0, "x", 1);
    List<ThrowingCallable> calls =
        List.of(
            () -> store.runStarted("ghost", "direct"),
            () -> store.chunkStarted("ghost", 0),
            () -> store.chunkWritten("ghost", 0, f),
            () -> store.chunkFailed("ghost", 0, "E", "m"),
            () -> store.runPublished("ghost", new RunTotals(0, 0, 0)),
            () -> store.runFailed("ghost", "E", "m"));
    for (ThrowingCallable call : calls) {
      assertThatThrownBy(call)
          .isInstanceOfSatisfying(
              RivetException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(FailureKind.STATE);
                assertThat(e.getMessage()).contains("'ghost'");
                assertThat(e.hint()).isNotBlank();
              });
    }
  }

  @Test
  void shouldRejectAChunkIndexThePlanDoesNotHave() {
    store.savePlan(TestPlans.keyRange("run-1", 2));

    assertThatThrownBy(() -> store.chunkStarted("run-1", 2))
        .isInstanceOfSatisfying(
            RivetException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.STATE))
        .hasMessageContaining("no chunk 2")
        .hasMessageContaining("0..1");
  }

  @Test
  void shouldRejectAFileOfAnotherChunk() {
    store.savePlan(TestPlans.keyRange("run-1", 2));

    assertThatThrownBy(() -> store.chunkWritten("run-1", 0, file("run-1", 1, "x", 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("chunk 1");
  }

  @Test
  void shouldRefuseToSaveARunIdTwiceAndKeepTheFirstPlan() {
    ExportPlan first = TestPlans.keyRange("run-1", 2);
    store.savePlan(first);

    assertThatThrownBy(() -> store.savePlan(TestPlans.query("run-1")))
        .isInstanceOfSatisfying(
            RivetException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.STATE))
        .hasMessageContaining("run-1");
    assertThat(store.findPlan("run-1")).contains(first);
    assertThat(store.chunks("run-1")).hasSize(2);
  }

  @Test
  void shouldShowOneStoresChangesToAnotherOpenedLater() {
    store.savePlan(TestPlans.keyRange("run-1", 1));
    store.runStarted("run-1", "direct");
    store.close();
    opened.remove(store);

    StateStore reopened = open(location);

    assertThat(reopened.findPlan("run-1")).contains(TestPlans.keyRange("run-1", 1));
    assertThat(reopened.run("run-1").orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
  }

  @Test
  void shouldRefuseAStoreWhoseSchemaIsNewerThanThisBuild() throws Exception {
    store.savePlan(TestPlans.keyRange("run-1", 1));
    recordAppliedMigration(location, "999");

    assertThatThrownBy(() -> open(location))
        .isInstanceOfSatisfying(
            RivetException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(FailureKind.STATE);
              assertThat(e.hint()).contains(location.redacted());
            })
        .hasMessageMatching(
            "state schema version 999 is newer than this rivet \\(knows up to \\d+\\);"
                + " upgrade rivet");
  }

  @Test
  void shouldLeaveAStoreWithAFailedMigrationToFlywayEvenWhenItsLatestVersionApplied()
      throws Exception {
    recordMigration(location, "1.5", false);

    // Without the failed row the store is current and opens without Flyway; with it Flyway
    // judges the store, and refuses a failed migration.
    assertThatThrownBy(() -> open(location))
        .isInstanceOfSatisfying(
            RivetException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.STATE))
        .hasMessageContaining("cannot migrate the schema")
        .hasMessageContaining("1.5");
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void shouldLandEveryUpdateWhenSeveralStoresWriteOneRunAtOnce() throws Exception {
    int threads = 4;
    int chunksPerThread = 25;
    store.savePlan(TestPlans.keyRange("run-c", threads * chunksPerThread));
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int first = t * chunksPerThread;
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  // Each worker opens its own store, as each DoFn instance does in @Setup.
                  try (StateStore own = StateStores.open(location)) {
                    for (int i = first; i < first + chunksPerThread; i++) {
                      own.chunkStarted("run-c", i);
                      own.chunkWritten("run-c", i, file("run-c", i, "part-" + i, i));
                    }
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(100, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    List<ChunkRecord> chunks = store.chunks("run-c");
    assertThat(chunks).hasSize(threads * chunksPerThread);
    assertThat(chunks)
        .allSatisfy(
            c -> {
              assertThat(c.status()).isEqualTo(ChunkStatus.WRITTEN);
              assertThat(c.attempts()).isEqualTo(1);
              assertThat(c.rows()).isEqualTo(c.chunkIndex());
            });
    assertThat(store.files("run-c"))
        .extracting(WrittenFile::path)
        .containsExactlyElementsOf(
            chunks.stream().map(c -> "/data/out/part-" + c.chunkIndex() + ".parquet").toList());
  }

  private static WrittenFile file(String runId, int chunk, String name, long rows) {
    return new WrittenFile(
        runId, chunk, 0, "/data/out/" + name + ".parquet", rows, rows * 10, sha(name), Map.of());
  }

  private static WrittenFile part(String runId, int chunk, int fileIndex, long rows) {
    String name = String.format("part-%05d-%05d", chunk, fileIndex);
    return new WrittenFile(
        runId,
        chunk,
        fileIndex,
        "/data/out/" + name + ".csv",
        rows,
        rows * 10,
        sha(name),
        Map.of());
  }

  private static WrittenFile withWarnings(WrittenFile f, Map<String, Long> warnings) {
    return new WrittenFile(
        f.runId(),
        f.chunkIndex(),
        f.fileIndex(),
        f.path(),
        f.rows(),
        f.bytes(),
        f.sha256(),
        warnings);
  }

  private static String sha(String seed) {
    return String.format("%064x", Math.abs((long) seed.hashCode()));
  }

  @Test
  void shouldAdvanceTheCursorMarkOnlyWhenTheRunIsPublished() {
    assertThat(store.cursorMark("orders")).isEmpty();
    publish(TestPlans.incremental("run-1", null, 100));
    assertThat(store.cursorMark("orders").orElseThrow())
        .satisfies(m -> assertThat(m.mark()).isEqualTo("100"))
        .satisfies(m -> assertThat(m.cursor()).isEqualTo("id"))
        .satisfies(m -> assertThat(m.type()).isEqualTo(KeyType.INTEGER))
        .satisfies(m -> assertThat(m.runId()).isEqualTo("run-1"));

    ExportPlan failed = TestPlans.incremental("run-2", 100L, 250);
    store.savePlan(failed);
    store.runStarted("run-2", "direct");
    store.chunkStarted("run-2", 0);
    store.runFailed("run-2", "SOURCE_TRANSIENT", "connection lost");

    assertThat(store.cursorMark("orders").orElseThrow().mark()).isEqualTo("100");
    assertThat(store.cursorMarks()).extracting(CursorMark::export).containsExactly("orders");
  }

  @Test
  void shouldNeverMoveACursorMarkBackwards() {
    publish(TestPlans.incremental("run-new", 100L, 300));
    publish(TestPlans.incremental("run-old", 100L, 200));

    assertThat(store.cursorMark("orders").orElseThrow())
        .satisfies(m -> assertThat(m.mark()).isEqualTo("300"))
        .satisfies(m -> assertThat(m.runId()).isEqualTo("run-new"));
  }

  @Test
  void shouldForgetAResetCursorMark() {
    publish(TestPlans.incremental("run-1", null, 100));

    assertThat(store.resetCursor("orders")).isTrue();
    assertThat(store.resetCursor("orders")).isFalse();
    assertThat(store.cursorMark("orders")).isEmpty();
  }

  @Test
  void shouldNotTouchCursorsWhenAFullRunIsPublished() {
    publish(TestPlans.keyRange("run-1", 1));

    assertThat(store.cursorMarks()).isEmpty();
  }

  @Test
  void shouldAbandonAnUnfinishedRunAndItsUnpublishedChunksButNotAFinishedOne() {
    store.savePlan(TestPlans.keyRange("run-1", 2));
    store.runStarted("run-1", "direct");
    store.chunkStarted("run-1", 0);
    store.chunkWritten("run-1", 0, file("run-1", 0, "a", 10));
    store.chunkStarted("run-1", 1);
    store.runFailed("run-1", "SOURCE_TRANSIENT", "lost");

    store.runAbandoned("run-1", "superseded by run run-2");

    RunRecord run = store.run("run-1").orElseThrow();
    assertThat(run.status()).isEqualTo(RunStatus.ABANDONED);
    assertThat(run.errorMessage()).isEqualTo("superseded by run run-2");
    assertThat(store.chunks("run-1"))
        .extracting(ChunkRecord::status)
        .containsOnly(ChunkStatus.ABANDONED);
    publish(TestPlans.keyRange("run-3", 1));
    store.runAbandoned("run-3", "no");
    assertThat(store.run("run-3").orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThatThrownBy(() -> store.runAbandoned("ghost", "x"))
        .isInstanceOf(RivetException.class)
        .hasMessageContaining("ghost");
  }

  @Test
  void shouldKeepEveryFailedAttemptWithItsClassAfterARetrySucceeds() {
    store.savePlan(TestPlans.keyRange("run-1", 1));
    store.runStarted("run-1", "direct");
    store.chunkStarted("run-1", 0);
    store.chunkFailed("run-1", 0, "SOURCE_TRANSIENT", "connection reset");
    store.chunkStarted("run-1", 0);
    store.chunkFailed("run-1", 0, "SOURCE_TIMEOUT", "statement timeout");
    store.chunkStarted("run-1", 0);
    store.chunkWritten("run-1", 0, file("run-1", 0, "a", 10));

    assertThat(store.chunkErrors("run-1"))
        .extracting(ChunkError::chunkIndex, ChunkError::attempt, ChunkError::errorClass)
        .containsExactly(tuple(0, 1, "SOURCE_TRANSIENT"), tuple(0, 2, "SOURCE_TIMEOUT"));
    assertThat(store.chunks("run-1").get(0).errorClass()).isNull();
    assertThat(store.chunkErrors("ghost")).isEmpty();
  }

  private void publish(ExportPlan plan) {
    store.savePlan(plan);
    store.runStarted(plan.runId(), "direct");
    for (int i = 0; i < plan.chunks().size(); i++) {
      store.chunkStarted(plan.runId(), i);
      store.chunkWritten(plan.runId(), i, file(plan.runId(), i, "p" + i, 1));
    }
    store.runPublished(plan.runId(), new RunTotals(plan.chunks().size(), plan.chunks().size(), 1));
  }
}
