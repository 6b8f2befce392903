package dev.rivet.launcher.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivet.kernel.destination.Destination;
import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.file.WrittenFile;
import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.Compression;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.kernel.plan.Format;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.plan.Strategy;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.kernel.source.SourceKind;
import dev.rivet.state.RunTotals;
import dev.rivet.state.StateLocation;
import dev.rivet.state.StateStore;
import dev.rivet.state.backends.StateStores;
import java.nio.file.Path;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditTargetTest {
  @TempDir Path dir;
  private StateStore store;

  @BeforeEach
  void openStore() {
    store = StateStores.open(StateLocation.sqliteFile(dir.resolve("state.db")));
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void shouldDefaultToNewestSucceededRunSkippingNewerFailedAndPlannedRuns() {
    succeeded("orders", "r1", 1);
    succeeded("orders", "r2", 2);
    failed("orders", "r3", 3);
    store.savePlan(plan("orders", "r4", 4));

    assertThat(AuditTarget.select(store, null, null, List.of("orders")).run().runId())
        .isEqualTo("r2");
  }

  @Test
  void shouldPickNewestSucceededRunOfTheNamedExport() {
    succeeded("orders", "r1", 1);
    succeeded("items", "r2", 2);

    AuditTarget target = AuditTarget.select(store, null, "orders", List.of("items"));

    assertThat(target.run().runId()).isEqualTo("r1");
    assertThat(target.plan().export().name()).isEqualTo("orders");
  }

  @Test
  void shouldRefuseNamedRunThatFailedOrBelongsToAnotherExport() {
    failed("orders", "r1", 1);
    succeeded("items", "r2", 2);

    assertThatThrownBy(() -> AuditTarget.of(store, "r1"))
        .isInstanceOf(RivetException.class)
        .hasMessageContaining("has status FAILED");
    assertThatThrownBy(() -> AuditTarget.select(store, "r2", "orders", List.of()))
        .hasMessageContaining("run 'r2' is of export 'items', not 'orders'");
    assertThatThrownBy(() -> AuditTarget.of(store, "nope"))
        .satisfies(e -> assertThat(((RivetException) e).kind()).isEqualTo(FailureKind.USER_CONFIG))
        .hasMessageContaining("no run with id 'nope'");
  }

  @Test
  void shouldPickAmongTheConfigsExportsOnlyWhenNoneIsNamed() {
    succeeded("orders", "r1", 1);
    succeeded("items", "r2", 2);
    succeeded("other_configs_export", "r3", 3);

    assertThat(AuditTarget.select(store, null, null, List.of("orders", "items")).run().runId())
        .isEqualTo("r2");
    assertThatThrownBy(() -> AuditTarget.select(store, null, null, List.of("missing")))
        .hasMessage("the state store has no succeeded run of this config's exports (missing)");
  }

  @Test
  void shouldExplainWhenNoRunSucceeded() {
    failed("orders", "r1", 1);

    assertThatThrownBy(() -> AuditTarget.select(store, null, "orders", List.of("items")))
        .hasMessage("the state store has no succeeded run of export 'orders'");
  }

  private void succeeded(String export, String runId, long second) {
    store.savePlan(plan(export, runId, second));
    store.runStarted(runId, "direct");
    store.chunkStarted(runId, 0);
    store.chunkWritten(
        runId,
        0,
        new WrittenFile(runId, 0, 0, "/tmp/out/part-00000.parquet", 0, 0, null, Map.of()));
    store.runPublished(runId, new RunTotals(0, 0, 0));
  }

  private void failed(String export, String runId, long second) {
    store.savePlan(plan(export, runId, second));
    store.runStarted(runId, "direct");
    store.runFailed(runId, "SOURCE_TRANSIENT", "connection lost");
  }

  private static ExportPlan plan(String export, String runId, long second) {
    return new ExportPlan(
        runId,
        ExportSpec.withDefaults(
            export,
            new TableRef("public", export),
            Format.PARQUET,
            Compression.ZSTD,
            Destination.parse("/tmp/out")),
        SourceKind.POSTGRESQL,
        List.of(new SourceColumn("id", Types.BIGINT, "int8", 19, 0, false)),
        Strategy.SINGLE_READ,
        null,
        List.of(Chunk.whole()),
        -1,
        Instant.ofEpochSecond(second),
        List.of());
  }
}
