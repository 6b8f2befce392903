package dev.rivet.kernel.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.ChunkBy;
import dev.rivet.kernel.plan.ChunkedMode;
import dev.rivet.kernel.plan.Consistency;
import dev.rivet.kernel.plan.CursorAdvance;
import dev.rivet.kernel.plan.CursorType;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.ExtractMode;
import dev.rivet.kernel.plan.FileRotation;
import dev.rivet.kernel.plan.FullMode;
import dev.rivet.kernel.plan.GovernorSettings;
import dev.rivet.kernel.plan.IncrementalMode;
import dev.rivet.kernel.plan.KeyType;
import dev.rivet.kernel.plan.MemorySettings;
import dev.rivet.kernel.plan.NoteCode;
import dev.rivet.kernel.plan.PlanNote;
import dev.rivet.kernel.plan.ReadProtocol;
import dev.rivet.kernel.plan.RetrySettings;
import dev.rivet.kernel.plan.ShapeDriftSettings;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.plan.Span;
import dev.rivet.kernel.plan.SplitKey;
import dev.rivet.kernel.plan.TestPlans;
import dev.rivet.kernel.plan.TimeWindowMode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanCodecTest {
  @Test
  void shouldRoundTripSplitTablePlan() {
    ExportPlan plan = TestPlans.keyRange("run-1", 3);

    assertThat(PlanCodec.read("run-1", PlanCodec.write(plan))).isEqualTo(plan);
  }

  @Test
  void shouldRoundTripAPlanThatYieldsAndLeaveBothFieldsOutWhenOff() {
    ExportPlan base = TestPlans.keyRange("run-y", 3);
    ExportPlan yielding =
        base.withTuning(
                1,
                List.of(
                    new PlanNote(
                        NoteCode.YIELDING,
                        Map.of("sessions", "8", "threshold", "2", "fetch_rows", "1,000"))),
                true)
            .withAverageRowBytes(base.averageRowBytes());
    ExportPlan plan =
        new ExportPlan(
            yielding.runId(),
            yielding.export().withGovernor(GovernorSettings.NONE.withYieldToSessions(2)),
            yielding.source(),
            yielding.columns(),
            yielding.strategy(),
            yielding.splitKey(),
            yielding.chunks(),
            1,
            yielding.estimatedRows(),
            yielding.createdAt(),
            yielding.notes(),
            yielding.cursor(),
            yielding.averageRowBytes(),
            true);

    String json = PlanCodec.write(plan);

    assertThat(json).contains("\"yields\":true").contains("\"yieldToSessions\":2");
    assertThat(PlanCodec.read("run-y", json)).isEqualTo(plan);
    assertThat(PlanCodec.write(base)).doesNotContain("yields").doesNotContain("yieldToSessions");
  }

  @Test
  void shouldRoundTripQueryPlanWithNullSplitKeyAndOpenBounds() {
    ExportPlan plan = TestPlans.query("run-q");

    assertThat(PlanCodec.read("run-q", PlanCodec.write(plan))).isEqualTo(plan);
  }

  @Test
  void shouldRoundTripTableWithoutSchemaAndNanosecondInstant() {
    ExportPlan plan = TestPlans.unqualifiedTable("run-t");

    assertThat(PlanCodec.read("run-t", PlanCodec.write(plan))).isEqualTo(plan);
  }

  @Test
  void shouldKeepDeclaredArrayDimensionsAndLeaveUndeclaredOnesOut() {
    ExportPlan base = TestPlans.keyRange("run-1", 3);
    ExportPlan plan =
        new ExportPlan(
            base.runId(),
            base.export(),
            base.source(),
            List.of(
                new SourceColumn("id", java.sql.Types.INTEGER, "int4", 10, 0, false),
                new SourceColumn("m", java.sql.Types.ARRAY, "_int4", 10, 0, true, 2)),
            base.strategy(),
            base.splitKey(),
            base.chunks(),
            base.parallelism(),
            base.estimatedRows(),
            base.createdAt(),
            base.notes());

    String json = PlanCodec.write(plan);

    assertThat(PlanCodec.read("run-1", json)).isEqualTo(plan);
    assertThat(json).containsOnlyOnce("\"dimensions\":2");
    assertThat(PlanCodec.write(base)).doesNotContain("dimensions");
  }

  @Test
  void shouldTagRelationsAndKeepDerivedChunkPropertiesOut() {
    String json = PlanCodec.write(TestPlans.query("run-q"));

    assertThat(json)
        .contains("\"relation\":{\"type\":\"query\",\"sql\":")
        .contains("\"createdAt\":\"2025-03-01T10:15:30.123456Z\"")
        .doesNotContain("unbounded")
        .doesNotContain("describe");
  }

  // The row width and memory settings travel when known or set, and are left out otherwise.
  @Test
  void shouldKeepTheRowWidthAndMemorySettingsOfAPlan() {
    ExportPlan base = TestPlans.keyRange("run-1", 3);
    ExportPlan plan =
        new ExportPlan(
                base.runId(),
                base.export().withMemory(new MemorySettings(16, 1L << 20)),
                base.source(),
                base.columns(),
                base.strategy(),
                base.splitKey(),
                base.chunks(),
                base.parallelism(),
                base.estimatedRows(),
                base.createdAt(),
                base.notes())
            .withAverageRowBytes(1_048_576);

    String json = PlanCodec.write(plan);

    assertThat(PlanCodec.read("run-1", json)).isEqualTo(plan);
    assertThat(json)
        .contains("\"averageRowBytes\":1048576")
        .contains("\"memory\":{\"budgetMb\":16,\"maxValueBytes\":1048576}");
    assertThat(PlanCodec.write(base)).doesNotContain("averageRowBytes").doesNotContain("memory");
  }

  // A read protocol other than the default travels; the default is left out, as before it existed.
  @Test
  void shouldKeepTheReadProtocolOfAPlanAndLeaveTheDefaultOut() {
    ExportPlan base = TestPlans.keyRange("run-1", 3);
    ExportPlan plan =
        new ExportPlan(
            base.runId(),
            base.export().withReadProtocol(ReadProtocol.JDBC),
            base.source(),
            base.columns(),
            base.strategy(),
            base.splitKey(),
            base.chunks(),
            base.parallelism(),
            base.estimatedRows(),
            base.createdAt(),
            base.notes());

    String json = PlanCodec.write(plan);

    assertThat(json).contains("\"readProtocol\":\"JDBC\"");
    assertThat(PlanCodec.read("run-1", json)).isEqualTo(plan);
    assertThat(PlanCodec.write(base)).doesNotContain("readProtocol");
    assertThat(PlanCodec.read("run-1", PlanCodec.write(base)).export().readProtocol())
        .isEqualTo(ReadProtocol.AUTO);
  }

  // A shared snapshot travels (a resume must see it to refuse); the default is left out.
  @Test
  void shouldKeepTheConsistencyOfAPlanAndLeaveTheDefaultOut() {
    ExportPlan base = TestPlans.keyRange("run-1", 3);
    ExportPlan plan =
        new ExportPlan(
            base.runId(),
            base.export().withConsistency(Consistency.SNAPSHOT),
            base.source(),
            base.columns(),
            base.strategy(),
            base.splitKey(),
            base.chunks(),
            base.parallelism(),
            base.estimatedRows(),
            base.createdAt(),
            base.notes());

    String json = PlanCodec.write(plan);

    assertThat(json).contains("\"consistency\":\"SNAPSHOT\"");
    assertThat(PlanCodec.read("run-1", json)).isEqualTo(plan);
    assertThat(PlanCodec.write(base)).doesNotContain("consistency");
    assertThat(PlanCodec.read("run-1", PlanCodec.write(base)).export().consistency())
        .isEqualTo(Consistency.CHUNK);
  }

  // The current format, as this build writes it: a change here must raise FORMAT_VERSION.
  @Test
  void shouldWriteAndReadTheCurrentPlanFormat() throws IOException {
    String golden = resource("plan-format-2.json");
    ExportPlan base = TestPlans.keyRange("run-1", 3);
    ExportPlan plan =
        base.withTuning(
            base.parallelism(),
            List.of(
                PlanNote.detail("split on primary key id"),
                new PlanNote(
                    NoteCode.FETCH_EXCEEDS_CHUNK,
                    Map.of("fetch_size", "5000", "chunk_rows", "1000"))));

    assertThat(PlanCodec.read("run-1", golden)).isEqualTo(plan);
    ObjectMapper tree = new ObjectMapper();
    assertThat(tree.readTree(PlanCodec.write(plan))).isEqualTo(tree.readTree(golden));
    assertThat(tree.readTree(golden).get("format_version").asInt())
        .isEqualTo(PlanCodec.FORMAT_VERSION);
  }

  // Plans stored before shape drift settings existed read with the defaults.
  @Test
  void shouldReadAPlanWithoutShapeDriftSettingsWithTheDefaults() throws IOException {
    String golden = resource("plan-format-2.json");
    String withoutShapeDrift = golden.replaceFirst(",\\s*\"shapeDrift\"\\s*:\\s*\\{[^}]*\\}", "");
    assertThat(withoutShapeDrift).doesNotContain("shapeDrift");

    ExportPlan plan = PlanCodec.read("run-1", withoutShapeDrift);

    assertThat(plan.export().shapeDrift()).isEqualTo(ShapeDriftSettings.DEFAULT);
    ExportPlan tuned =
        new ExportPlan(
            plan.runId(),
            plan.export().withShapeDrift(new ShapeDriftSettings(3.5, 0.05)),
            plan.source(),
            plan.columns(),
            plan.strategy(),
            plan.splitKey(),
            plan.chunks(),
            plan.parallelism(),
            plan.estimatedRows(),
            plan.createdAt(),
            plan.notes(),
            plan.cursor());
    assertThat(PlanCodec.read("run-1", PlanCodec.write(tuned))).isEqualTo(tuned);
  }

  // Plans stored by earlier builds (format 1, no format_version) must stay readable.
  @Test
  void shouldReadFormatOnePlansStoredByEarlierBuilds() throws IOException {
    assertThat(PlanCodec.read("run-1", resource("plan-v5.json")))
        .isEqualTo(TestPlans.keyRange("run-1", 3));
  }

  @Test
  void shouldKeepFormatOneNotesAsTextWithoutInterpretingTheirWords() {
    String stored =
        PlanCodec.write(TestPlans.keyRange("run-1", 3))
            .replace("\"format_version\":2,", "")
            .replace("\"source\":", "\"dialect\":")
            .replaceFirst(
                "\"notes\":\\[.*?]]?,",
                "\"notes\":[\"split on id\",\"warning: fetch_size 9 is larger; set it lower\"],");

    ExportPlan plan = PlanCodec.read("run-1", stored);

    assertThat(plan.notes())
        .containsExactly(
            PlanNote.detail("split on id"),
            new PlanNote(
                NoteCode.LEGACY_WARNING, Map.of("text", "fetch_size 9 is larger; set it lower")));
    assertThat(plan.noteTexts())
        .containsExactly("split on id", "warning: fetch_size 9 is larger; set it lower");
  }

  @Test
  void shouldRefuseAPlanStoredByANewerRivetNamingBothFormats() {
    String newer =
        PlanCodec.write(TestPlans.keyRange("run-1", 3))
            .replace("\"format_version\":2", "\"format_version\":3");

    assertThatThrownBy(() -> PlanCodec.read("run-1", newer))
        .isInstanceOfSatisfying(
            RivetException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(FailureKind.STATE);
              assertThat(e.hint()).contains("plan the export again");
            })
        .hasMessage(
            "plan of run run-1 was stored by a newer rivet (plan format 3); this rivet reads plan"
                + " formats 1 to 2");
  }

  @Test
  void shouldRefuseAFormatVersionThatIsNotAPositiveWholeNumber() {
    String broken =
        PlanCodec.write(TestPlans.keyRange("run-1", 3))
            .replace("\"format_version\":2", "\"format_version\":\"two\"");

    assertThatThrownBy(() -> PlanCodec.read("run-1", broken))
        .isInstanceOf(RivetException.class)
        .hasMessageContaining("format_version must be a whole number >= 1");
  }

  @Test
  void shouldReadPlansStoredBeforeModesExistedAsFullModeWithoutRotation() throws IOException {
    ExportPlan plan = PlanCodec.read("run-1", resource("plan-v2.json"));

    assertThat(plan).isEqualTo(TestPlans.keyRange("run-1", 3));
    assertThat(plan.export().mode()).isEqualTo(new FullMode());
    assertThat(plan.export().rotation()).isEqualTo(FileRotation.NONE);
    assertThat(plan.cursor()).isNull();
    assertThat(plan.splitKey().fallback()).isEmpty();
    assertThat(plan.chunks()).noneMatch(Chunk::nullKeys);
  }

  @Test
  void shouldReadPlansStoredBeforeRetrySettingsExistedAsDefaultRetries() throws IOException {
    ExportPlan plan = PlanCodec.read("run-1", resource("plan-v3.json"));

    assertThat(plan).isEqualTo(TestPlans.keyRange("run-1", 3));
    assertThat(plan.export().retry()).isEqualTo(RetrySettings.DEFAULT);
  }

  @Test
  void shouldReadPlansStoredBeforePausesExistedAsNoPause() throws IOException {
    ExportPlan plan = PlanCodec.read("run-1", resource("plan-v4.json"));

    assertThat(plan).isEqualTo(TestPlans.keyRange("run-1", 3));
    assertThat(plan.export().pauseBetweenChunksMillis()).isZero();
  }

  @Test
  void shouldRoundTripAPause() {
    ExportPlan base = TestPlans.keyRange("run-1", 3);
    ExportPlan plan =
        new ExportPlan(
            base.runId(),
            base.export().withPause(1500),
            base.source(),
            base.columns(),
            base.strategy(),
            base.splitKey(),
            base.chunks(),
            base.parallelism(),
            base.estimatedRows(),
            base.createdAt(),
            base.notes());

    assertThat(PlanCodec.read("run-1", PlanCodec.write(plan))).isEqualTo(plan);
  }

  @Test
  void shouldRoundTripRetrySettings() {
    ExportPlan base = TestPlans.keyRange("run-1", 3);
    RetrySettings retry = new RetrySettings(1, 0, 0);
    ExportPlan plan =
        new ExportPlan(
            base.runId(),
            base.export().withRetry(retry),
            base.source(),
            base.columns(),
            base.strategy(),
            base.splitKey(),
            base.chunks(),
            base.parallelism(),
            base.estimatedRows(),
            base.createdAt(),
            base.notes());

    ExportPlan read = PlanCodec.read("run-1", PlanCodec.write(plan));

    assertThat(read).isEqualTo(plan);
    assertThat(read.export().retry()).isEqualTo(retry);
  }

  @Test
  void shouldRoundTripEveryModeWithItsCursorRotationAndNullKeyChunk() {
    ExportPlan base = TestPlans.keyRange("run-1", 3);
    List<ExtractMode> modes =
        List.of(
            new IncrementalMode(
                "updated_at", CursorType.TIMESTAMP, List.of("created_at"), Span.parse("2h")),
            new ChunkedMode("created_on", ChunkBy.WEEK, 2, 0, "Europe/Berlin"),
            new TimeWindowMode("created_on", Span.parse("7 days"), "America/New_York"));
    for (ExtractMode mode : modes) {
      ExportPlan plan =
          new ExportPlan(
              base.runId(),
              base.export().withMode(mode).withRotation(new FileRotation(1 << 20, 5000)),
              base.source(),
              base.columns(),
              base.strategy(),
              new SplitKey("updated_at", KeyType.TIMESTAMPTZ, List.of("created_at")),
              List.of(new Chunk(0, "2025-01-01T00:00Z", "2025-01-02T00:00Z"), Chunk.ofNullKeys(1)),
              base.parallelism(),
              base.estimatedRows(),
              base.createdAt(),
              base.notes(),
              new CursorAdvance(
                  "COALESCE(updated_at, created_at)",
                  KeyType.TIMESTAMPTZ,
                  "2024-12-31T23:00Z",
                  "2025-01-01T23:59:59.999999Z",
                  1_735_775_999_999_999L));

      assertThat(PlanCodec.read("run-1", PlanCodec.write(plan))).isEqualTo(plan);
    }
  }

  @Test
  void shouldReadPlansStoredBeforeZeroDatePolicyExistedAsNullPolicy() throws IOException {
    String stored = resource("plan-v1.json");

    assertThat(PlanCodec.read("run-1", stored)).isEqualTo(TestPlans.keyRange("run-1", 3));
  }

  @Test
  void shouldReadPlansStoredBeforeEffectiveParallelismExistedAsConfiguredParallelism()
      throws IOException {
    ExportPlan plan = PlanCodec.read("run-1", resource("plan-v1.json"));

    assertThat(plan.parallelism()).isEqualTo(plan.export().parallelism());
  }

  @Test
  void shouldRejectJsonThatIsNotAPlanNamingTheRun() {
    assertThatThrownBy(() -> PlanCodec.read("run-9", "{\"runId\":\"run-9\"}"))
        .isInstanceOfSatisfying(
            RivetException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(FailureKind.STATE);
              assertThat(e.hint()).isNotBlank();
            })
        .hasMessageStartingWith("plan of run run-9 in the state store cannot be read: ");
  }

  @Test
  void shouldRejectAnUnknownRelationType() {
    String json =
        PlanCodec.write(TestPlans.query("run-q"))
            .replace("\"type\":\"query\"", "\"type\":\"view\"");

    assertThatThrownBy(() -> PlanCodec.read("run-q", json))
        .isInstanceOf(RivetException.class)
        .hasMessageContaining("view");
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = PlanCodecTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
