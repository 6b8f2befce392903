package dev.rivet.planner.tuning;

import dev.rivet.kernel.plan.NoteCode;
import dev.rivet.kernel.plan.PlanNote;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The number of chunks an export reads at once, with notes saying why: never more than configured,
 * than there are chunks, or than the source's free connections less one kept for the source's other
 * clients, and never below 1.
 *
 * @param value chunks read at once, at least 1
 * @param notes the choice and its reason first, e.g. {@code "parallelism 2 (configured 4; the
 *     source has 3 free connections, keeping 1 spare: ...)"}, then a {@code "warning: "} when the
 *     source had no free connection at all
 */
public record Parallelism(int value, List<PlanNote> notes) {
  /** Connections left to the source's other clients when the free count caps parallelism. */
  static final int SPARE_CONNECTIONS = 1;

  public Parallelism {
    notes = List.copyOf(notes);
    if (value < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1, got " + value);
    }
  }

  /**
   * Chooses the parallelism of a plan.
   *
   * @param configured the export's {@code parallelism}, at least 1
   * @param chunks the plan's chunk count, at least 1
   * @param free the source's connection limits at plan time
   */
  public static Parallelism choose(int configured, int chunks, FreeConnections free) {
    if (configured < 1 || chunks < 1) {
      throw new IllegalArgumentException(
          "configured parallelism and chunks must be >= 1, got " + configured + ", " + chunks);
    }
    Optional<ConnectionLimit> tightest = free.tightest();
    long byConnections =
        tightest.map(l -> Math.max(1, l.free() - SPARE_CONNECTIONS)).orElse(Long.MAX_VALUE);
    int value = (int) Math.min(Math.min(configured, chunks), byConnections);
    String reason;
    if (value == configured) {
      reason = "as configured";
    } else if (value == chunks) {
      reason =
          "configured " + configured + "; only " + chunks + (chunks == 1 ? " chunk" : " chunks");
    } else {
      reason = "configured " + configured + "; " + connectionReason(tightest.get());
    }
    if (free.unknownReason() != null) {
      reason += "; free connections unknown, so not capped by them: " + free.unknownReason();
    }
    List<PlanNote> notes = new ArrayList<>();
    notes.add(PlanNote.detail("parallelism " + value + " (" + reason + ")"));
    if (tightest.isPresent() && tightest.get().free() == 0) {
      notes.add(
          new PlanNote(NoteCode.NO_FREE_CONNECTION, Map.of("limit", tightest.get().describe())));
    }
    return new Parallelism(value, notes);
  }

  /**
   * Chooses the parallelism of a plan whose export sets {@code parallelism: auto}: the fewest of
   * the profile's ceiling, twice the cores of the machine that reads, the chunks, and the source's
   * free connections less one spare; never below 1.
   *
   * @param ceiling the profile's {@code parallelism: auto} ceiling, at least 1
   * @param chunks the plan's chunk count, at least 1
   * @param free the source's connection limits at plan time
   * @param cores the processors available to the reading process, at least 1
   */
  public static Parallelism chooseAuto(int ceiling, int chunks, FreeConnections free, int cores) {
    if (ceiling < 1 || chunks < 1 || cores < 1) {
      throw new IllegalArgumentException(
          "ceiling, chunks and cores must be >= 1, got " + ceiling + ", " + chunks + ", " + cores);
    }
    int byCores = (int) Math.min(Integer.MAX_VALUE, 2L * cores);
    Optional<ConnectionLimit> tightest = free.tightest();
    long byConnections =
        tightest.map(l -> Math.max(1, l.free() - SPARE_CONNECTIONS)).orElse(Long.MAX_VALUE);
    int value = (int) Math.min(Math.min(Math.min(ceiling, byCores), chunks), byConnections);
    List<String> limits = new ArrayList<>();
    limits.add("the profile allows up to " + ceiling);
    limits.add(cores + (cores == 1 ? " core" : " cores") + " read up to " + byCores);
    limits.add(chunks + (chunks == 1 ? " chunk" : " chunks"));
    if (tightest.isPresent()) {
      limits.add(connectionReason(tightest.get()));
    } else {
      limits.add("free connections unknown, so not capped by them: " + free.unknownReason());
    }
    List<PlanNote> notes = new ArrayList<>();
    notes.add(
        PlanNote.detail(
            "parallelism " + value + " (auto, the fewest of: " + String.join("; ", limits) + ")"));
    if (tightest.isPresent() && tightest.get().free() == 0) {
      notes.add(
          new PlanNote(NoteCode.NO_FREE_CONNECTION, Map.of("limit", tightest.get().describe())));
    }
    return new Parallelism(value, notes);
  }

  private static String connectionReason(ConnectionLimit limit) {
    long free = limit.free();
    String reason;
    if (free > SPARE_CONNECTIONS) {
      reason =
          "the source has " + free + " free connections, keeping " + SPARE_CONNECTIONS + " spare";
    } else if (free == 1) {
      reason = "the source has 1 free connection, so none is kept spare";
    } else {
      reason = "the source has no free connection";
    }
    return reason + ": " + limit.describe();
  }
}
