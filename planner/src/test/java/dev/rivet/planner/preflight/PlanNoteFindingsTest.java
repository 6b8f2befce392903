package dev.rivet.planner.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.plan.FileRotation;
import dev.rivet.kernel.plan.Format;
import dev.rivet.kernel.plan.FullMode;
import dev.rivet.kernel.plan.MemoryBudget;
import dev.rivet.kernel.plan.NoteCode;
import dev.rivet.kernel.plan.PlanNote;
import dev.rivet.planner.tuning.FreeConnections;
import dev.rivet.planner.tuning.Parallelism;
import dev.rivet.planner.tuning.RotationCheck;
import dev.rivet.planner.tuning.TuningCheck;
import dev.rivet.planner.tuning.WideRowCheck;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The planner's real warnings become findings with the right code, severity and fix. */
class PlanNoteFindingsTest {
  private static final long MIB = 1L << 20;

  private static List<Finding> findings(List<PlanNote> notes) {
    var plan =
        Evidences.plan(
            Evidences.spec(new FullMode(), 1000, 1000, 2), null, Evidences.chunks(1), 10, notes);
    return PlanNoteFindings.of(Evidences.evidence(plan, Evidences.facts(10), List.of()));
  }

  @Test
  void shouldCallHeapAndFetchWarningsMemoryBudget() {
    List<PlanNote> notes =
        new TuningCheck(Format.PARQUET, 10_000, 20_000, 256 * MIB, 4, 10_000, 100, 512 * MIB)
            .warnings();

    List<Finding> findings = findings(notes);

    assertThat(findings).hasSize(2);
    assertThat(findings)
        .allSatisfy(f -> assertThat(f.code()).isEqualTo(FindingCode.MEMORY_BUDGET))
        .allSatisfy(f -> assertThat(f.severity()).isEqualTo(Severity.WARN));
    assertThat(findings)
        .extracting(f -> f.get(FindingParam.NOTE).code())
        .containsExactly(NoteCode.FETCH_EXCEEDS_CHUNK, NoteCode.ROW_GROUPS_EXCEED_HEAP);
  }

  @Test
  void shouldCallAHugeChunkALongChunk() {
    List<PlanNote> notes =
        new TuningCheck(Format.CSV, 10_000_000, 1000, 64 * MIB, 1, 10_000_000, -1, Long.MAX_VALUE)
            .warnings();

    assertThat(findings(notes))
        .singleElement()
        .satisfies(f -> assertThat(f.code()).isEqualTo(FindingCode.LONG_CHUNK))
        .satisfies(f -> assertThat(f.get(FindingParam.NOTE)).isEqualTo(notes.get(0)));
  }

  @Test
  void shouldCallRowsWiderThanTheBudgetWideRowsAndRenderTheFetchSize() {
    MemoryBudget budget = new MemoryBudget(16 * MIB, 16 * MIB);
    List<PlanNote> notes = List.of(WideRowCheck.warning(10_000, MIB, budget).orElseThrow());

    assertThat(findings(notes))
        .singleElement()
        .satisfies(f -> assertThat(f.code()).isEqualTo(FindingCode.WIDE_ROWS))
        .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.WARN));
    assertThat(notes.get(0).render())
        .contains("rows are about 1 MiB wide: fetch_size 10000 of them would be 9.8 GiB at once")
        .contains("more than the 8 MiB a fetch may hold (half the memory budget of 16 MiB")
        .contains("so each fetch reads 8 rows");
    assertThat(WideRowCheck.warning(10_000, 100, budget)).as("narrow rows").isEmpty();
    assertThat(WideRowCheck.warning(10_000, -1, budget)).as("unknown width").isEmpty();
  }

  @Test
  void shouldGradeRotationWarnings() {
    List<PlanNote> notes = new ArrayList<>();
    notes.addAll(
        RotationCheck.warnings(Format.PARQUET, new FileRotation(32 * MIB, 0), 64 * MIB, 1000));
    notes.addAll(RotationCheck.warnings(Format.PARQUET, new FileRotation(0, 5000), 64 * MIB, 1000));

    assertThat(findings(notes))
        .extracting(Finding::code, Finding::severity)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(FindingCode.FILE_ROTATION, Severity.WARN),
            org.assertj.core.groups.Tuple.tuple(FindingCode.FILE_ROTATION, Severity.INFO));
  }

  @Test
  void shouldJudgeNotesByCodeNotByWordingSoLegacyTextNeverBecomesAMemoryFinding() {
    // Format-1 plans stored warnings as text; the words "heap" or "held in memory" no longer
    // decide anything.
    List<PlanNote> notes =
        List.of(
            new PlanNote(
                NoteCode.LEGACY_WARNING,
                java.util.Map.of("text", "the heap is held in memory; lower chunk_rows")),
            PlanNote.detail("warning: a chunk reads about 9 rows; heap"));

    assertThat(findings(notes))
        .singleElement()
        .satisfies(f -> assertThat(f.code()).isEqualTo(FindingCode.PLAN_WARNING))
        .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.WARN));
  }

  @Test
  void shouldDecideAFindingForEveryNoteCode() {
    for (NoteCode code : NoteCode.values()) {
      java.util.Map<String, String> params = new java.util.HashMap<>();
      code.parameters().forEach(name -> params.put(name, "1"));
      PlanNote note = new PlanNote(code, params);
      FindingCode finding = PlanNoteFindings.classify(note);
      assertThat(finding == null)
          .as(
              "%s: only descriptions (a yielding read's too), connection warnings and unchunked"
                  + " tables are left to other checks",
              code)
          .isEqualTo(
              code == NoteCode.DETAIL
                  || code == NoteCode.YIELDING
                  || code == NoteCode.NO_FREE_CONNECTION
                  || code == NoteCode.UNCHUNKED_TABLE);
    }
  }

  @Test
  void shouldLeaveConnectionWarningsAndPlainNotesOut() {
    List<PlanNote> notes =
        new ArrayList<>(List.of(PlanNote.detail("split on primary key id into 10 chunks")));
    notes.addAll(
        Parallelism.choose(
                4,
                10,
                FreeConnections.of(
                    List.of(new dev.rivet.planner.tuning.ConnectionLimit("max_connections", 5, 5))))
            .notes());

    assertThat(notes).anyMatch(PlanNote::isWarning);
    assertThat(findings(notes)).isEmpty();
  }
}
