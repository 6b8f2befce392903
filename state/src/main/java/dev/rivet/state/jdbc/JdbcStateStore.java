package dev.rivet.state.jdbc;

import dev.rivet.kernel.file.WrittenFile;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.schema.ExportSchema;
import dev.rivet.kernel.secret.Redaction;
import dev.rivet.state.ChunkError;
import dev.rivet.state.ChunkRecord;
import dev.rivet.state.CursorMark;
import dev.rivet.state.Lease;
import dev.rivet.state.RunRecord;
import dev.rivet.state.RunTotals;
import dev.rivet.state.SchemaRecord;
import dev.rivet.state.SchemaStatus;
import dev.rivet.state.StateLocation;
import dev.rivet.state.StateStore;
import dev.rivet.state.dump.DumpCounts;
import dev.rivet.state.dump.DumpHeader;
import dev.rivet.state.dump.DumpReader;
import dev.rivet.state.dump.DumpWriter;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link StateStore} in a SQL database: the same statements for every database, with the few
 * differences in a {@link StoreDialect}, and each mutator one transaction of {@link
 * StateTransactions}. Thread-safe when its transactions are.
 */
public abstract class JdbcStateStore implements StateStore {
  private final StateLocation location;
  private final StateTransactions db;
  private final FlywaySchema schema;
  private final RunTable runs;
  private final ChunkTable chunks;
  private final CursorTable cursors;
  private final LeaseTable leases;
  private final ChunkClaims claims;
  private final StoreDialect dialect;
  private final StoreDump dump;
  private final SchemaTable schemas;
  private final Clock clock = Clock.systemUTC();

  protected JdbcStateStore(
      StateLocation location, StateTransactions db, StoreDialect dialect, FlywaySchema schema) {
    this.location = location;
    this.db = db;
    this.schema = schema;
    StateRows rows = new StateRows(dialect);
    this.cursors = new CursorTable(dialect);
    this.runs = new RunTable(location, dialect, rows, cursors);
    this.chunks = new ChunkTable(location, dialect, rows);
    this.leases = new LeaseTable(dialect, rows);
    this.claims = new ChunkClaims(dialect);
    this.dialect = dialect;
    this.dump = new StoreDump(location, dialect, leases);
    this.schemas = new SchemaTable(dialect);
  }

  @Override
  public void savePlan(ExportPlan plan) {
    db.write("saving the plan of run " + plan.runId(), c -> runs.insert(c, plan));
  }

  @Override
  public Optional<ExportPlan> findPlan(String runId) {
    return db.read("reading the plan of run " + runId, c -> runs.plan(c, runId));
  }

  @Override
  public void runStarted(String runId, String runner) {
    db.write("starting run " + runId, c -> runs.started(c, runId, runner, now()));
  }

  @Override
  public void chunkStarted(String runId, int chunkIndex) {
    db.write(
        "starting chunk " + chunkIndex + " of run " + runId,
        c -> chunks.started(c, runId, chunkIndex, now()));
  }

  @Override
  public void chunkWritten(String runId, int chunkIndex, List<WrittenFile> files) {
    WrittenFiles.check(runId, chunkIndex, files);
    db.write(
        "recording the files of chunk " + chunkIndex + " of run " + runId,
        c -> chunks.written(c, runId, chunkIndex, files, now()));
  }

  @Override
  public void chunkFailed(String runId, int chunkIndex, String errorClass, String message) {
    db.write(
        "failing chunk " + chunkIndex + " of run " + runId,
        c -> chunks.failed(c, runId, chunkIndex, errorClass, masked(message), now()));
  }

  @Override
  public void runPublished(String runId, RunTotals totals) {
    db.write("publishing run " + runId, c -> runs.published(c, runId, totals, now()));
  }

  @Override
  public Optional<CursorMark> cursorMark(String export) {
    return db.read("reading the cursor of export " + export, c -> cursors.find(c, export)).stream()
        .findFirst();
  }

  @Override
  public List<CursorMark> cursorMarks() {
    return db.read("reading the cursors", c -> cursors.find(c, null));
  }

  @Override
  public boolean resetCursor(String export) {
    return db.writeReturning(
        "resetting the cursor of export " + export, c -> cursors.delete(c, export));
  }

  @Override
  public void runAbandoned(String runId, String reason) {
    db.write("abandoning run " + runId, c -> runs.abandoned(c, runId, masked(reason), now()));
  }

  @Override
  public List<ChunkError> chunkErrors(String runId) {
    return db.read("reading the chunk errors of run " + runId, c -> chunks.errors(c, runId));
  }

  @Override
  public void runFailed(String runId, String errorClass, String message) {
    db.write(
        "failing run " + runId, c -> runs.failed(c, runId, errorClass, masked(message), now()));
  }

  @Override
  public List<RunRecord> runs(String exportOrNull, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    }
    return db.read("listing runs", c -> runs.list(c, exportOrNull, limit));
  }

  @Override
  public int deleteRuns(Collection<String> runIds) {
    if (runIds.isEmpty()) {
      return 0;
    }
    return db.writeReturning(
        "deleting the records of " + runIds.size() + " run(s)",
        c -> {
          // Children first: a store whose foreign keys do not cascade deletes the same rows.
          for (String table : List.of("files", "chunk_errors", "chunks")) {
            try (PreparedStatement ps =
                c.prepareStatement("DELETE FROM " + table + " WHERE run_id = ?")) {
              for (String runId : runIds) {
                ps.setString(1, runId);
                ps.addBatch();
              }
              ps.executeBatch();
            }
          }
          int deleted = 0;
          try (PreparedStatement ps = c.prepareStatement("DELETE FROM runs WHERE run_id = ?")) {
            for (String runId : runIds) {
              ps.setString(1, runId);
              deleted += ps.executeUpdate();
            }
          }
          return deleted;
        });
  }

  @Override
  public List<RunRecord> runsOf(Collection<String> exports, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    }
    Set<String> distinct = new LinkedHashSet<>(exports);
    return db.read("listing runs", c -> runs.listOf(c, distinct, limit));
  }

  @Override
  public Optional<RunRecord> run(String runId) {
    return db.read("reading run " + runId, c -> runs.find(c, runId));
  }

  @Override
  public List<ChunkRecord> chunks(String runId) {
    return db.read("reading the chunks of run " + runId, c -> chunks.list(c, runId));
  }

  @Override
  public List<WrittenFile> files(String runId) {
    return db.read("reading the files of run " + runId, c -> chunks.files(c, runId));
  }

  @Override
  public Lease acquireLease(String export, String holder, String holderProcess, Duration ttl) {
    requirePositive(ttl);
    return db.writeReturning(
        "taking the lease of export " + export,
        c -> leases.acquire(c, export, holder, holderProcess, ttl));
  }

  @Override
  public Optional<Lease> takeOverLease(
      Lease previous, String holder, String holderProcess, Duration ttl) {
    requirePositive(ttl);
    return db.writeReturning(
        "taking over the lease of export " + previous.export(),
        c -> leases.takeOver(c, previous, holder, holderProcess, ttl));
  }

  @Override
  public Optional<Lease> lease(String export) {
    return db.read("reading the lease of export " + export, c -> leases.find(c, export));
  }

  @Override
  public boolean renewLease(String export, String holder, Duration ttl) {
    requirePositive(ttl);
    return db.writeReturning(
        "renewing the lease of export " + export, c -> leases.renew(c, export, holder, ttl));
  }

  @Override
  public void releaseLease(String export, String holder) {
    db.write("releasing the lease of export " + export, c -> leases.release(c, export, holder));
  }

  @Override
  public List<Lease> leases() {
    return db.read("reading the leases", leases::all);
  }

  @Override
  public Optional<Integer> claimChunk(String runId, String worker, Duration ttl, int maxAttempts) {
    requirePositive(ttl);
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
    }
    return db.writeReturning(
        "claiming a chunk of run " + runId + " for worker " + worker,
        c -> claims.claim(c, runId, worker, ttl, maxAttempts, now()));
  }

  @Override
  public boolean renewChunkClaim(String runId, int chunkIndex, String worker, Duration ttl) {
    requirePositive(ttl);
    return db.writeReturning(
        "renewing the claim of worker " + worker + " on chunk " + chunkIndex + " of run " + runId,
        c -> claims.renew(c, runId, chunkIndex, worker, ttl));
  }

  @Override
  public DumpCounts dumpTo(DumpWriter out) {
    return db.snapshot(
        "exporting the store",
        c ->
            dump.write(
                c,
                new DumpHeader(
                    DumpHeader.SCHEMA_VERSION,
                    dialect.kind(),
                    String.valueOf(schema.appliedVersion(c)),
                    now()),
                out));
  }

  @Override
  public DumpCounts restoreFrom(DumpReader in, boolean replace) {
    // A document with a wrong header is refused before the store is locked for writing.
    in.header();
    return db.writeReturning("importing " + in.name(), c -> dump.load(c, in, replace));
  }

  @Override
  public SchemaRecord recordSchema(
      String export, String runId, SchemaStatus status, ExportSchema schema) {
    return db.writeReturning(
        "recording the schema of export " + export,
        c -> schemas.insert(c, export, runId, status, schema, now()));
  }

  @Override
  public List<SchemaRecord> schemaHistory(String export) {
    return db.read(
        "reading the schema history of export " + export, c -> schemas.history(c, export));
  }

  @Override
  public String schemaVersion() {
    return db.read("reading the schema version", c -> String.valueOf(schema.appliedVersion(c)));
  }

  @Override
  public void close() {
    db.close();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + location.redacted() + "]";
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  private static void requirePositive(Duration ttl) {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("a lease lasts a positive time, got " + ttl);
    }
  }

  /**
   * A message as it may be stored: credentials a driver repeated from a URL are masked, since a
   * stored message is printed again by {@code rivet state}.
   */
  private static String masked(String message) {
    return Redaction.maskUrlCredentials(message);
  }
}
