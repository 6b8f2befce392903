package dev.rivet.kernel.plan;

import dev.rivet.kernel.destination.Destination;
import dev.rivet.kernel.source.SourceKind;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Plans for state tests: a split table export and an unsplit query export. */
public final class TestPlans {
  public static final Instant CREATED = Instant.parse("2025-03-01T10:15:30.123456Z");

  private TestPlans() {}

  /**
   * A keyset plan of {@code public.accounts} over (tenant, name, opened): three chunks whose tuple
   * bounds hold the texts a stored plan must keep exactly (quotes, backslashes, a NUL, trailing
   * spaces, non-BMP characters, JSON-looking text).
   */
  public static ExportPlan keyset(String runId) {
    KeyTuple first =
        new KeyTuple(List.of("42", "O'Brien \\\"x\" \u0000 ", "2024-02-29T23:59:59.999999"));
    KeyTuple second = new KeyTuple(List.of("-7", "[\"a\",1] 😀 ", "1969-12-31T00:00"));
    ExportSpec spec =
        new ExportSpec(
            "accounts",
            new TableRef("public", "accounts"),
            new FullMode(),
            ReadSettings.of(1000, 500, 4),
            ValuePolicies.of(InfinityPolicy.FAIL),
            new OutputSettings(
                Format.CSV,
                Compression.GZIP,
                Destination.parse("/data/out"),
                8L * 1024 * 1024,
                null),
            CheckSettings.DEFAULT);
    return new ExportPlan(
        runId,
        spec,
        SourceKind.POSTGRESQL,
        List.of(
            new SourceColumn("tenant", Types.INTEGER, "int4", 10, 0, false),
            new SourceColumn("name", Types.VARCHAR, "text", Integer.MAX_VALUE, 0, false),
            new SourceColumn("opened", Types.TIMESTAMP, "timestamp", 29, 6, false)),
        Strategy.KEY_RANGE,
        SplitKey.keyset(
            List.of(
                new KeyPart("tenant", KeyType.INTEGER),
                new KeyPart("name", KeyType.TEXT),
                new KeyPart("opened", KeyType.TIMESTAMP))),
        List.of(
            new Chunk(0, null, first.encode()),
            new Chunk(1, first.encode(), second.encode()),
            new Chunk(2, second.encode(), null)),
        3000,
        CREATED,
        List.of(PlanNote.detail("split on primary key (tenant, name, opened) by keyset ranges")));
  }

  /** A KEY_RANGE plan of {@code public.orders} with {@code chunks} chunks (open at both ends). */
  public static ExportPlan keyRange(String runId, String export, int chunks, Instant createdAt) {
    return keyRange(runId, export, chunks, createdAt, "/data/out");
  }

  /** The same plan, writing under {@code destination}. */
  public static ExportPlan keyRange(
      String runId, String export, int chunks, Instant createdAt, String destination) {
    List<Chunk> list = new ArrayList<>();
    for (int i = 0; i < chunks; i++) {
      list.add(
          new Chunk(
              i,
              i == 0 ? null : String.valueOf(i * 1000L),
              i == chunks - 1 ? null : String.valueOf((i + 1) * 1000L)));
    }
    ExportSpec spec =
        new ExportSpec(
            export,
            new TableRef("public", "orders"),
            new FullMode(),
            ReadSettings.of(1000, 500, 4),
            ValuePolicies.of(InfinityPolicy.FAIL),
            new OutputSettings(
                Format.PARQUET,
                Compression.ZSTD,
                Destination.parse(destination),
                8L * 1024 * 1024,
                null),
            CheckSettings.DEFAULT);
    return new ExportPlan(
        runId,
        spec,
        SourceKind.POSTGRESQL,
        List.of(
            new SourceColumn("id", Types.BIGINT, "int8", 19, 0, false),
            new SourceColumn("total", Types.NUMERIC, "numeric", 12, 2, true),
            new SourceColumn("placed_at", Types.TIMESTAMP, "timestamptz", 35, 6, true)),
        Strategy.KEY_RANGE,
        new SplitKey("id", KeyType.INTEGER),
        list,
        123_456,
        createdAt,
        List.of(PlanNote.detail("split on primary key id")));
  }

  /**
   * A BLOCK_RANGE plan of {@code public.orders} read as if it had no key: three block ranges, the
   * last open above, and the note that rows may move between blocks.
   */
  public static ExportPlan blockRange(String runId) {
    ExportPlan base = keyRange(runId, 1);
    return new ExportPlan(
        runId,
        base.export(),
        base.source(),
        base.columns(),
        Strategy.BLOCK_RANGE,
        null,
        List.of(new Chunk(0, null, "120"), new Chunk(1, "120", "240"), new Chunk(2, "240", null)),
        base.parallelism(),
        base.estimatedRows(),
        base.createdAt(),
        List.of(
            PlanNote.detail("split by physical block ranges"),
            new PlanNote(NoteCode.ROWS_MOVE_BETWEEN_BLOCKS, java.util.Map.of())),
        null);
  }

  /**
   * A one-chunk incremental plan of {@code orders} on integer cursor {@code id} that moves the mark
   * from {@code previousMark} to {@code newMark}.
   */
  public static ExportPlan incremental(String runId, Long previousMark, long newMark) {
    ExportPlan base = keyRange(runId, 1);
    return new ExportPlan(
        runId,
        base.export()
            .withMode(
                new dev.rivet.kernel.plan.IncrementalMode(
                    "id", dev.rivet.kernel.plan.CursorType.INT, List.of(), null)),
        base.source(),
        base.columns(),
        base.strategy(),
        base.splitKey(),
        List.of(
            new Chunk(
                0,
                previousMark == null ? null : String.valueOf(previousMark + 1),
                String.valueOf(newMark + 1))),
        1,
        base.estimatedRows(),
        base.createdAt(),
        base.notes(),
        new dev.rivet.kernel.plan.CursorAdvance(
            "id",
            KeyType.INTEGER,
            previousMark == null ? null : String.valueOf(previousMark),
            String.valueOf(newMark),
            newMark));
  }

  public static ExportPlan keyRange(String runId, int chunks) {
    return keyRange(runId, "orders", chunks, CREATED);
  }

  /** A SINGLE_READ plan of a query: no split key, one unbounded chunk, no notes. */
  public static ExportPlan query(String runId) {
    return new ExportPlan(
        runId,
        ExportSpec.withDefaults(
            "recent",
            new QueryText("SELECT id, note FROM t WHERE note <> ';'"),
            Format.CSV,
            Compression.GZIP,
            Destination.parse("s3://bucket/exports")),
        SourceKind.POSTGRESQL,
        List.of(new SourceColumn("id", Types.INTEGER, "int4", 10, 0, true)),
        Strategy.SINGLE_READ,
        null,
        List.of(Chunk.whole()),
        -1,
        CREATED,
        List.of());
  }

  /** A SINGLE_READ plan of a table whose schema the search path decides. */
  public static ExportPlan unqualifiedTable(String runId) {
    return new ExportPlan(
        runId,
        ExportSpec.withDefaults(
            "plain",
            new TableRef(null, "events"),
            Format.PARQUET,
            Compression.NONE,
            Destination.parse("out")),
        SourceKind.POSTGRESQL,
        List.of(new SourceColumn("payload", Types.OTHER, "jsonb", 0, 0, true)),
        Strategy.SINGLE_READ,
        null,
        List.of(Chunk.whole()),
        0,
        Instant.parse("2024-12-31T23:59:59.999999999Z"),
        List.of(PlanNote.detail("table is small"), PlanNote.detail("no usable key")));
  }
}
