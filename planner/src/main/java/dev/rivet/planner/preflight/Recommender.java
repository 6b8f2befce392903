package dev.rivet.planner.preflight;

import dev.rivet.planner.tuning.ConnectionLimit;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Recommends a tuning profile and parallelism from an export's verdict, findings and source: safe
 * (parallelism 1) while anything costs the source too much, fast only on a replica with nothing to
 * fix, balanced otherwise; never more chunks at once than there are chunks or free connections less
 * one.
 */
final class Recommender {
  /** Findings that mean each chunk costs the source more than it should. */
  private static final Set<FindingCode> COSTLY =
      EnumSet.of(
          FindingCode.MISSING_INDEX,
          FindingCode.SEQ_SCAN_PER_CHUNK,
          FindingCode.CHUNK_EXCEEDS_STATEMENT_TIMEOUT,
          FindingCode.LONG_CHUNK);

  private Recommender() {}

  static Recommendation recommend(Evidence evidence, List<Finding> findings, Verdict verdict) {
    if (verdict == Verdict.UNSAFE) {
      return new Recommendation(
          Profile.SAFE,
          1,
          "critical findings: read one chunk at a time, slowed while the source's latency rises, until they are fixed");
    }
    if (findings.stream()
        .anyMatch(f -> f.severity() != Severity.INFO && COSTLY.contains(f.code()))) {
      return new Recommendation(
          Profile.SAFE,
          1,
          "chunk reads cost the source more than needed (see the findings): one at a time,"
              + " slowed while the source's latency rises, until the fix is in");
    }
    boolean replica = Boolean.TRUE.equals(evidence.source().replica());
    if (verdict == Verdict.SAFE && replica) {
      return new Recommendation(
          Profile.FAST,
          cap(evidence, evidence.chunks()),
          "the source is a replica and nothing needs fixing: "
              + capReason(evidence, evidence.chunks(), "as many chunks at once as"));
    }
    int configured = evidence.plan().export().parallelism();
    return new Recommendation(
        Profile.BALANCED,
        cap(evidence, configured),
        (replica
                ? "the source is a replica, but see the findings"
                : "the source is a primary (or did not say it is a replica)")
            + ": "
            + capReason(
                evidence, configured, "configured parallelism " + configured + ", capped by"));
  }

  /** {@code wanted}, capped by the chunk count and the free connections less one. */
  private static int cap(Evidence evidence, int wanted) {
    long free = spare(evidence).orElse(Long.MAX_VALUE);
    return (int) Math.max(1, Math.min(Math.min(wanted, evidence.chunks()), free));
  }

  private static String capReason(Evidence evidence, int wanted, String what) {
    Optional<ConnectionLimit> limit = evidence.source().connections().tightest();
    return "parallelism "
        + cap(evidence, wanted)
        + " ("
        + what
        + " "
        + evidence.chunks()
        + (evidence.chunks() == 1 ? " chunk" : " chunks")
        + limit.map(l -> " and " + l.free() + " free connection(s) less one").orElse("")
        + (limit.isPresent() ? "" : "; free connections unknown")
        + ")";
  }

  private static Optional<Long> spare(Evidence evidence) {
    return evidence
        .source()
        .connections()
        .tightest()
        .map(ConnectionLimit::free)
        .map(free -> Math.max(1, free - 1));
  }
}
