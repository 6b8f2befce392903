package dev.rivet.state;

import dev.rivet.kernel.file.WrittenFile;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.schema.ExportSchema;
import dev.rivet.state.dump.DumpCounts;
import dev.rivet.state.dump.DumpReader;
import dev.rivet.state.dump.DumpWriter;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The durable record of runs, their chunks and the files they wrote. Every mutator is atomic; the
 * mutators of a run id the store does not know throw a {@link
 * dev.rivet.kernel.failure.RivetException} of kind {@code STATE}, as does any storage failure.
 * Several instances may update one store at once, from threads or processes.
 */
public interface StateStore extends AutoCloseable {
  /** Records a new run (PLANNED) with its plan and one PLANNED chunk per plan chunk. */
  void savePlan(ExportPlan plan);

  /** The plan exactly as saved, or empty for an unknown run. */
  Optional<ExportPlan> findPlan(String runId);

  /** The run is RUNNING on {@code runner} (e.g. {@code direct}, {@code flink}) from now on. */
  void runStarted(String runId, String runner);

  /** The chunk is RUNNING from now on; counts one more attempt. */
  void chunkStarted(String runId, int chunkIndex);

  /**
   * The chunk is WRITTEN with {@code files}, its files 0, 1, … in order, and with their rows in
   * total; they replace every file it wrote before, however many that were.
   *
   * @throws IllegalArgumentException when {@code files} is empty, holds a file of another run or
   *     chunk, or its file indexes are not 0, 1, … in order
   */
  void chunkWritten(String runId, int chunkIndex, List<WrittenFile> files);

  /** The chunk is WRITTEN with the one file {@code file}, replacing every file it wrote before. */
  default void chunkWritten(String runId, int chunkIndex, WrittenFile file) {
    chunkWritten(runId, chunkIndex, List.of(file));
  }

  void chunkFailed(String runId, int chunkIndex, String errorClass, String message);

  /**
   * The run SUCCEEDED with {@code totals}; its WRITTEN chunks become PUBLISHED. For an incremental
   * plan, the export's cursor mark moves to the plan's new mark in the same transaction, unless the
   * stored mark of the same cursor is already at or past it.
   */
  void runPublished(String runId, RunTotals totals);

  /** The stored high-water mark of an incremental export, if it has one. */
  Optional<CursorMark> cursorMark(String export);

  /** Every stored high-water mark, by export name. */
  List<CursorMark> cursorMarks();

  /**
   * Forgets an export's mark, so its next incremental run reads the whole history again.
   *
   * @return whether there was a mark to forget
   */
  boolean resetCursor(String export);

  /**
   * The unfinished run (PLANNED, RUNNING or FAILED) is ABANDONED: superseded by a newer run of its
   * export, it will never be published. Its unpublished chunks become ABANDONED; {@code reason} is
   * kept as its error message. A finished run is left as it is.
   */
  void runAbandoned(String runId, String reason);

  /** Every failed attempt of the run's chunks, by chunk and attempt; kept after retries succeed. */
  List<ChunkError> chunkErrors(String runId);

  /**
   * The run FAILED; its RUNNING chunks fail with it. A run already FAILED keeps its first cause
   * (class and message): the failure that ended it.
   */
  void runFailed(String runId, String errorClass, String message);

  /** Up to {@code limit} runs, newest first, of one export or (when null) of all. */
  List<RunRecord> runs(String exportOrNull, int limit);

  /**
   * Up to {@code limit} runs, newest first, of any of {@code exports}; none when it is empty. A
   * store shared by several configs holds other exports' runs too: "the newest run" of a config is
   * the newest among its own exports.
   */
  List<RunRecord> runsOf(Collection<String> exports, int limit);

  /**
   * Deletes the records of these runs (the run, its chunks, files and chunk errors) in one
   * transaction; the files themselves, on their destination, are not touched. Ids with no run are
   * ignored.
   *
   * @return how many runs were deleted
   */
  int deleteRuns(Collection<String> runIds);

  Optional<RunRecord> run(String runId);

  /** The run's chunks by index; empty for an unknown run. */
  List<ChunkRecord> chunks(String runId);

  /** The run's files by chunk index, then file index; empty for an unknown run. */
  List<WrittenFile> files(String runId);

  /**
   * Grants {@code holder} the lease on {@code export} until now + {@code ttl} when no other holder
   * has an unexpired lease on it; when {@code holder} already holds it, moves its expiry. Atomic:
   * of several stores asking at once, one is granted.
   *
   * @return the lease in force afterwards: {@code holder}'s when granted, else the other holder's,
   *     with its expiry
   * @throws IllegalArgumentException when {@code ttl} is not positive
   */
  default Lease acquireLease(String export, String holder, Duration ttl) {
    return acquireLease(export, holder, null, ttl);
  }

  /**
   * Moves the expiry of {@code holder}'s lease on {@code export} to now + {@code ttl}.
   *
   * @return false when {@code holder} no longer holds it: released, or expired and granted to
   *     another holder
   */
  boolean renewLease(String export, String holder, Duration ttl);

  /**
   * As {@link #acquireLease(String, String, Duration)}, recording how the holder's host can tell
   * whether it still runs ({@code holderProcess}, may be null). A lease that passes to a new holder
   * gets the export's next fencing token.
   */
  Lease acquireLease(String export, String holder, String holderProcess, Duration ttl);

  /**
   * Takes over {@code previous}, a lease whose holder is known to be dead, before it expires: only
   * when it is still exactly that lease (same holder and token). The new lease gets the export's
   * next fencing token.
   *
   * @return the new lease, or empty when {@code previous} is no longer in force (renewed by a
   *     holder that was not dead after all, released, or taken by another process)
   */
  Optional<Lease> takeOverLease(Lease previous, String holder, String holderProcess, Duration ttl);

  /** The lease on record for {@code export}, expired or not. */
  Optional<Lease> lease(String export);

  /** Gives up {@code holder}'s lease on {@code export}; does nothing when it holds none. */
  void releaseLease(String export, String holder);

  /**
   * Every lease on record by export, expired ones included (a crashed holder's stays until taken).
   */
  List<Lease> leases();

  /**
   * Claims one chunk of the run for {@code worker} until now + {@code ttl}, so that workers sharing
   * a run never hold the same chunk: the lowest chunk that is PLANNED, FAILED with fewer than
   * {@code maxAttempts} attempts and no unexpired claim, or RUNNING under an expired claim (its
   * worker died). Chunks of a run that is not PLANNED or RUNNING are never claimed: once a worker
   * marks the run FAILED, its failed chunk is not read again. The chunk becomes RUNNING and counts
   * one more attempt. Atomic: of several stores asking at once, each gets a different chunk. {@link
   * #chunkWritten} ends the claim; {@link #chunkFailed} keeps it, so the worker may retry the chunk
   * until it gives up and the claim lapses.
   *
   * @return the claimed chunk's index, or empty when no chunk is claimable now
   * @throws IllegalArgumentException when {@code ttl} is not positive or {@code maxAttempts} < 1
   */
  Optional<Integer> claimChunk(String runId, String worker, Duration ttl, int maxAttempts);

  /**
   * Moves the expiry of {@code worker}'s claim on the chunk to now + {@code ttl}.
   *
   * @return false when {@code worker} no longer holds it: written, or expired and claimed by
   *     another worker
   */
  boolean renewChunkClaim(String runId, int chunkIndex, String worker, Duration ttl);

  /**
   * Writes every run with its plan, chunk (with its worker claim), file, chunk error, cursor mark
   * and lease fencing token to {@code out}, read in one snapshot: the dump is consistent even while
   * the store is in use. Leases are left out: each belongs to a process using this store. Stored
   * messages are written masked, as {@code rivet state} prints them.
   *
   * @return how many rows of each table were written
   */
  DumpCounts dumpTo(DumpWriter out);

  /**
   * Loads a dump into this store in one transaction: all of it, or nothing when anything fails.
   * Every row is checked first (statuses, plans, that chunks and files refer to runs and chunks of
   * the dump). Lease fencing tokens never go down.
   *
   * @param replace delete everything the store holds first (in the same transaction); without it, a
   *     store that holds anything is refused
   * @return how many rows of each table were loaded
   * @throws dev.rivet.kernel.failure.RivetException of kind {@code USER_CONFIG} when the dump is
   *     not valid or the store is not empty (without {@code replace}); of kind {@code STATE} while
   *     an unexpired lease shows that a rivet uses the store
   */
  DumpCounts restoreFrom(DumpReader in, boolean replace);

  /**
   * Records {@code schema} as the export's next schema version, found by {@code runId} (may be
   * null). Atomic: of several recorders at once, each gets its own version.
   */
  SchemaRecord recordSchema(String export, String runId, SchemaStatus status, ExportSchema schema);

  /** Every schema recorded for {@code export}, oldest (version 1) first. */
  List<SchemaRecord> schemaHistory(String export);

  /** The version of the store's schema, e.g. {@code 5}. */
  String schemaVersion();

  @Override
  void close();
}
