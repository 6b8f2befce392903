package dev.rivet.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.file.WrittenFile;
import dev.rivet.kernel.plan.TestPlans;
import dev.rivet.kernel.schema.ColumnSchema;
import dev.rivet.kernel.schema.ExportSchema;
import dev.rivet.kernel.shape.ColumnProfile;
import dev.rivet.state.dump.DumpCounts;
import dev.rivet.state.dump.DumpFormat;
import dev.rivet.state.dump.DumpTable;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * How every {@link StateStore} is dumped and loaded: a dump loaded into an empty store reads back
 * the same through the store's interface, leases aside; a load is all or nothing.
 */
interface DumpContract {
  Duration MINUTE = Duration.ofMinutes(1);

  StateStore store();

  /** A store on a new, empty location; closed after the test. */
  StateStore freshStore();

  @ParameterizedTest
  @EnumSource(DumpFormat.class)
  default void shouldReadBackEveryRecordOfADumpLoadedIntoAnEmptyStore(DumpFormat format) {
    StateStore source = store();
    fill(source);
    String dump = dump(source, format);
    StateStore target = freshStore();

    DumpCounts loaded = load(target, format, dump, false);

    assertThat(loaded).isEqualTo(source.dumpTo(format.writer(new ByteArrayOutputStream())));
    assertThat(loaded.of(DumpTable.RUNS)).isEqualTo(3);
    assertThat(target.runs(null, 10)).isEqualTo(source.runs(null, 10));
    for (String run : List.of("run-1", "run-2", "run-3")) {
      assertThat(target.findPlan(run)).isEqualTo(source.findPlan(run));
      assertThat(target.chunks(run)).isEqualTo(source.chunks(run));
      assertThat(target.files(run)).isEqualTo(source.files(run));
      assertThat(target.chunkErrors(run)).isEqualTo(source.chunkErrors(run));
    }
    assertThat(target.files("run-1").get(0).profile())
        .containsExactly(
            new ColumnProfile("id", 0, -1, -1), new ColumnProfile("note", 3, 120, 118));
    assertThat(target.cursorMarks()).isEqualTo(source.cursorMarks()).hasSize(1);
    assertThat(target.schemaHistory("orders"))
        .isEqualTo(source.schemaHistory("orders"))
        .extracting(SchemaRecord::version, SchemaRecord::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1L, SchemaStatus.RECORDED),
            org.assertj.core.groups.Tuple.tuple(2L, SchemaStatus.REJECTED));
    assertThat(target.chunkErrors("run-2").get(0).message()).doesNotContain("s3cret");
    assertThat(target.leases()).isEmpty();
    // The fencing token of export "orders" goes on from where the dumped store left it.
    assertThat(target.acquireLease("orders", "host-c:3", MINUTE).token()).isEqualTo(3);
    // The worker's claim on run-2's chunk 1 is kept: no other worker takes that chunk.
    assertThat(target.claimChunk("run-2", "worker-b", MINUTE, 3)).contains(2);
  }

  @Test
  default void shouldRefuseToLoadIntoAStoreThatHoldsRunsUnlessReplacing() {
    fill(store());
    String dump = dump(store(), DumpFormat.JSON);
    StateStore target = freshStore();
    target.savePlan(TestPlans.keyRange("run-old", 1));
    target.acquireLease("orders", "host-x:9", MINUTE);
    target.releaseLease("orders", "host-x:9");
    for (int i = 0; i < 5; i++) {
      target.acquireLease("orders", "host-y:" + i, MINUTE);
      target.releaseLease("orders", "host-y:" + i);
    }

    assertThatThrownBy(() -> load(target, DumpFormat.JSON, dump, false))
        .isInstanceOfSatisfying(
            RivetException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(FailureKind.USER_CONFIG);
              assertThat(e.hint()).contains("--replace");
            })
        .hasMessageContaining("is not empty: it holds 1 runs row(s), 1 chunks row(s)");
    assertThat(target.runs(null, 10)).extracting(RunRecord::runId).containsExactly("run-old");

    load(target, DumpFormat.JSON, dump, true);

    assertThat(target.runs(null, 10))
        .extracting(RunRecord::runId)
        .containsExactlyInAnyOrder("run-1", "run-2", "run-3");
    // Tokens never go down: the replaced store had handed out 6 for orders, the dump only 2.
    assertThat(target.acquireLease("orders", "host-c:3", MINUTE).token()).isEqualTo(7);
  }

  @Test
  default void shouldRefuseToLoadWhileARivetHoldsALeaseOnTheStore() {
    fill(store());
    String dump = dump(store(), DumpFormat.JSON);
    StateStore target = freshStore();
    target.acquireLease("orders", "host-x:9", MINUTE);

    assertThatThrownBy(() -> load(target, DumpFormat.JSON, dump, true))
        .isInstanceOfSatisfying(
            RivetException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.STATE))
        .hasMessageContaining("is in use: export 'orders' is being run by host-x:9");
    assertThat(target.runs(null, 10)).isEmpty();
  }

  @Test
  default void shouldRefuseAFileWhoseColumnProfileIsNotAListOfProfiles() {
    fill(store());
    String dump =
        dump(store(), DumpFormat.JSON).replaceFirst("\"profile\": \"\\[", "\"profile\": \"[7, ");
    StateStore target = freshStore();

    assertThatThrownBy(() -> load(target, DumpFormat.JSON, dump, false))
        .isInstanceOfSatisfying(
            RivetException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.USER_CONFIG))
        .hasMessageMatching(
            "(?s)dump\\.json, line \\d+: files\\[0\\]\\.profile: file"
                + " /out/orders/run-1/part-00000\\.parquet: its stored column profile is not a JSON"
                + " array of \\{column, nulls, maxBytes, maxChars\\}: \\[7, .*");
    assertThat(target.runs(null, 10)).isEmpty();
  }

  @Test
  default void shouldLoadNothingWhenALaterRowIsInvalid() {
    fill(store());
    String dump =
        dump(store(), DumpFormat.JSON)
            .replaceFirst(
                "\\{\"run_id\": \"run-2\", \"chunk_index\": 0",
                "{\"run_id\": \"run-9\", \"chunk_index\": 0");
    StateStore target = freshStore();

    assertThatThrownBy(() -> load(target, DumpFormat.JSON, dump, false))
        .isInstanceOfSatisfying(
            RivetException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.USER_CONFIG))
        .hasMessageMatching(
            "dump\\.json, line \\d+: chunks\\[\\d+\\]\\.run_id: run 'run-9' is not among the"
                + " dump's runs");
    assertThat(target.runs(null, 10)).isEmpty();
  }

  @Test
  default void shouldRefuseARunWhoseStatusIsUnknown() {
    fill(store());
    String dump =
        dump(store(), DumpFormat.JSON)
            .replaceFirst("\"status\": \"succeeded\"", "\"status\": \"done\"");

    assertThatThrownBy(() -> load(freshStore(), DumpFormat.JSON, dump, false))
        .hasMessageMatching(
            "dump\\.json, line \\d+: runs\\[0\\]\\.status: unknown run status 'done'; valid"
                + " values: planned, running, succeeded, failed, abandoned");
  }

  @Test
  default void shouldLoadADumpWrittenBeforeSchemaHistoryExisted() {
    fill(store());
    String dump =
        dump(store(), DumpFormat.JSON)
            .replaceFirst("(?s),\n  \"export_schemas\": \\[.*\\]\n", "\n");
    assertThat(dump).doesNotContain("export_schemas");
    StateStore target = freshStore();

    load(target, DumpFormat.JSON, dump, false);

    assertThat(target.runs(null, 10)).hasSize(3);
    assertThat(target.schemaHistory("orders")).isEmpty();
  }

  @Test
  default void shouldRefuseASchemaWhoseFingerprintDoesNotMatchItsColumns() {
    fill(store());
    String dump =
        dump(store(), DumpFormat.JSON)
            .replaceFirst("\"fingerprint\": \"[0-9a-f]{64}\"", "\"fingerprint\": \"beef\"");

    assertThatThrownBy(() -> load(freshStore(), DumpFormat.JSON, dump, false))
        .hasMessageMatching(
            "(?s)dump\\.json, line \\d+: export_schemas\\[0\\]\\.fingerprint is 'beef';"
                + " expected '[0-9a-f]{64}'.*");
  }

  /**
   * Three runs of export orders: run-1 incremental and published (its cursor mark stored, a file
   * with warnings and a column profile); run-2 and run-3 planned in the same microsecond, run-2
   * running with a retried chunk (its error message held a password) and a chunk claimed by a
   * worker; run-3 planned. The lease of orders was taken twice (token 2) and is held.
   */
  private static void fill(StateStore s) {
    s.savePlan(TestPlans.incremental("run-1", null, 41));
    s.runStarted("run-1", "direct");
    s.chunkStarted("run-1", 0);
    s.chunkWritten(
        "run-1",
        0,
        new WrittenFile(
            "run-1",
            0,
            0,
            "/out/orders/run-1/part-00000.parquet",
            41,
            4100,
            "ab".repeat(32),
            Map.of("infinity_clamped", 2L),
            List.of(new ColumnProfile("id", 0, -1, -1), new ColumnProfile("note", 3, 120, 118))));
    s.runPublished("run-1", new RunTotals(41, 1, 4100));
    s.savePlan(TestPlans.keyRange("run-2", 3));
    s.savePlan(TestPlans.keyRange("run-3", 2));
    s.runStarted("run-2", "direct");
    s.chunkStarted("run-2", 0);
    s.chunkFailed(
        "run-2", 0, "SOURCE_TRANSIENT", "reset by jdbc:postgresql://db/x?password=s3cret 'it''s'");
    s.chunkStarted("run-2", 0);
    s.chunkWritten(
        "run-2", 0, new WrittenFile("run-2", 0, 0, "/out/part-0", 10, 100, null, Map.of()));
    assertThat(s.claimChunk("run-2", "worker-a", MINUTE, 3)).contains(1);
    s.acquireLease("orders", "host-a:1", MINUTE);
    s.releaseLease("orders", "host-a:1");
    s.acquireLease("orders", "host-b:2", MINUTE);
    ExportSchema schema =
        new ExportSchema(
            List.of(new ColumnSchema("id", "int8", java.sql.Types.BIGINT, 19, 0, false, "INT64")));
    assertThat(s.recordSchema("orders", "run-1", SchemaStatus.RECORDED, schema).version())
        .isEqualTo(1);
    assertThat(s.recordSchema("orders", "run-2", SchemaStatus.REJECTED, schema).version())
        .isEqualTo(2);
  }

  private static String dump(StateStore s, DumpFormat format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    s.dumpTo(format.writer(out));
    return out.toString(StandardCharsets.UTF_8);
  }

  private static DumpCounts load(StateStore s, DumpFormat format, String dump, boolean replace) {
    return s.restoreFrom(
        format.reader(
            new ByteArrayInputStream(dump.getBytes(StandardCharsets.UTF_8)),
            "dump." + format.wireValue()),
        replace);
  }
}
