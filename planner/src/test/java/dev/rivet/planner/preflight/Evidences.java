package dev.rivet.planner.preflight;

import dev.rivet.kernel.destination.Destination;
import dev.rivet.kernel.plan.CheckSettings;
import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.Compression;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.kernel.plan.ExtractMode;
import dev.rivet.kernel.plan.Format;
import dev.rivet.kernel.plan.FullMode;
import dev.rivet.kernel.plan.InfinityPolicy;
import dev.rivet.kernel.plan.KeyType;
import dev.rivet.kernel.plan.OutputSettings;
import dev.rivet.kernel.plan.PlanNote;
import dev.rivet.kernel.plan.ReadSettings;
import dev.rivet.kernel.plan.Relation;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.plan.SplitKey;
import dev.rivet.kernel.plan.Strategy;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.kernel.plan.ValuePolicies;
import dev.rivet.kernel.plan.ZeroDatePolicy;
import dev.rivet.kernel.source.SourceKind;
import dev.rivet.planner.tuning.ConnectionLimit;
import dev.rivet.planner.tuning.FreeConnections;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Evidence of a made-up export of {@code app.orders}, for testing the rules without a database: by
 * default a full export in {@code chunks} chunks over an integer key, on a primary with 50 free
 * connections and no statement time limit, whose chunks EXPLAIN as index range scans.
 */
final class Evidences {
  static final TableRef TABLE = new TableRef("app", "orders");

  private Evidences() {}

  static ExportSpec spec(ExtractMode mode, long chunkRows, int fetchSize, int parallelism) {
    return spec(TABLE, mode, chunkRows, fetchSize, parallelism);
  }

  static ExportSpec spec(
      Relation relation, ExtractMode mode, long chunkRows, int fetchSize, int parallelism) {
    return new ExportSpec(
            "orders",
            relation,
            new FullMode(),
            ReadSettings.of(chunkRows, fetchSize, parallelism),
            new ValuePolicies(InfinityPolicy.CLAMP, ZeroDatePolicy.NULL, null, null, null),
            new OutputSettings(
                Format.PARQUET,
                Compression.NONE,
                Destination.parse("/out"),
                OutputSettings.DEFAULT_ROW_GROUP_BYTES,
                null),
            CheckSettings.DEFAULT)
        .withMode(mode);
  }

  /** Chunks {@code (-inf, 1000), [1000, 2000), ..., [n-1 * 1000, +inf)}. */
  static List<Chunk> chunks(int count) {
    if (count == 1) {
      return List.of(Chunk.whole());
    }
    List<Chunk> chunks = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      chunks.add(
          new Chunk(
              i,
              i == 0 ? null : Long.toString(i * 1000L),
              i == count - 1 ? null : Long.toString((i + 1) * 1000L)));
    }
    return chunks;
  }

  static List<SourceColumn> columns(boolean cursorNullable) {
    return List.of(
        new SourceColumn("id", Types.BIGINT, "int8", 19, 0, false),
        new SourceColumn("updated_at", Types.TIMESTAMP, "timestamp", 29, 6, cursorNullable),
        new SourceColumn("created_at", Types.TIMESTAMP, "timestamp", 29, 6, false));
  }

  static ExportPlan plan(ExportSpec spec, SplitKey key, List<Chunk> chunks, long rows) {
    return plan(spec, key, chunks, rows, List.of());
  }

  static ExportPlan plan(
      ExportSpec spec, SplitKey key, List<Chunk> chunks, long rows, List<PlanNote> notes) {
    return new ExportPlan(
        "r1",
        spec,
        SourceKind.POSTGRESQL,
        columns(false),
        key == null ? Strategy.SINGLE_READ : Strategy.KEY_RANGE,
        key,
        chunks,
        spec.parallelism(),
        rows,
        Instant.EPOCH,
        notes);
  }

  /** A full export of {@code rows} rows in {@code chunks} chunks over {@code id}. */
  static ExportPlan fullPlan(int chunks, long rows, int parallelism) {
    return plan(
        spec(new FullMode(), Math.max(1, rows / chunks), 1000, parallelism),
        chunks == 1 ? null : new SplitKey("id", KeyType.INTEGER),
        chunks(chunks),
        rows);
  }

  static SourceFacts facts(long rows, TimeLimit limit, FreeConnections connections) {
    return new SourceFacts(
        "PostgreSQL", "16.4", rows, rows * 100, 100, -1, false, null, false, limit, connections);
  }

  static SourceFacts facts(long rows) {
    return facts(rows, noLimit(), free(100, 50));
  }

  static TimeLimit noLimit() {
    return new TimeLimit("statement_timeout", 0, true);
  }

  static FreeConnections free(long allowed, long open) {
    return FreeConnections.of(List.of(new ConnectionLimit("max_connections", allowed, open)));
  }

  static SourceFacts replica(SourceFacts facts, Double lag) {
    return new SourceFacts(
        facts.product(),
        facts.serverVersion(),
        facts.estimatedRows(),
        facts.tableBytes(),
        facts.averageRowBytes(),
        facts.cacheBytes(),
        true,
        lag,
        true,
        facts.timeLimit(),
        facts.connections());
  }

  /**
   * {@code facts} of a table of {@code tableBytes} on a server with a cache of {@code cacheBytes}.
   */
  static SourceFacts sized(SourceFacts facts, long tableBytes, long cacheBytes) {
    return new SourceFacts(
        facts.product(),
        facts.serverVersion(),
        facts.estimatedRows(),
        tableBytes,
        facts.averageRowBytes(),
        cacheBytes,
        facts.replica(),
        facts.replicaLagSeconds(),
        facts.readOnly(),
        facts.timeLimit(),
        facts.connections());
  }

  static ChunkExplain explain(int chunk, Access access, long rows) {
    return new ChunkExplain(
        chunk,
        "[" + chunk + ")",
        access == Access.FULL_SCAN ? "Seq Scan" : "Index Scan",
        access,
        access == Access.FULL_SCAN ? null : "orders_pkey",
        100.0,
        rows,
        null);
  }

  /** EXPLAINs of the chunks Preflight picks, all with {@code access}. */
  static List<ChunkExplain> explains(ExportPlan plan, Access access, long rows) {
    return Preflight.explained(plan).stream().map(i -> explain(i, access, rows)).toList();
  }

  static Evidence evidence(ExportPlan plan, SourceFacts facts, List<ChunkExplain> explains) {
    return new Evidence(plan, facts, explains, null, false, null, "ANALYZE \"app\".\"orders\"");
  }

  static Evidence evidence(ExportPlan plan, SourceFacts facts, Access access) {
    return evidence(
        plan, facts, explains(plan, access, plan.estimatedRows() / plan.chunks().size()));
  }
}
