package dev.rivet.kernel.codec;

import static dev.rivet.kernel.testing.PropertyCheck.forAll;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.destination.Destination;
import dev.rivet.kernel.plan.CheckSettings;
import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.ChunkBy;
import dev.rivet.kernel.plan.ChunkedMode;
import dev.rivet.kernel.plan.Compression;
import dev.rivet.kernel.plan.CursorAdvance;
import dev.rivet.kernel.plan.CursorType;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.kernel.plan.ExtractMode;
import dev.rivet.kernel.plan.FileRotation;
import dev.rivet.kernel.plan.Format;
import dev.rivet.kernel.plan.FullMode;
import dev.rivet.kernel.plan.IncrementalMode;
import dev.rivet.kernel.plan.InfinityPolicy;
import dev.rivet.kernel.plan.KeyPart;
import dev.rivet.kernel.plan.KeyType;
import dev.rivet.kernel.plan.NoteCode;
import dev.rivet.kernel.plan.OutputSettings;
import dev.rivet.kernel.plan.PlanNote;
import dev.rivet.kernel.plan.QueryText;
import dev.rivet.kernel.plan.ReadSettings;
import dev.rivet.kernel.plan.Relation;
import dev.rivet.kernel.plan.RetrySettings;
import dev.rivet.kernel.plan.SchemaDriftPolicy;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.plan.Span;
import dev.rivet.kernel.plan.SpanUnit;
import dev.rivet.kernel.plan.SplitKey;
import dev.rivet.kernel.plan.Strategy;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.kernel.plan.TimeWindowMode;
import dev.rivet.kernel.plan.ValuePolicies;
import dev.rivet.kernel.plan.ZeroDatePolicy;
import dev.rivet.kernel.source.SourceKind;
import dev.rivet.kernel.testing.Gen;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A stored plan reads back as the plan that was stored, whatever it holds. */
class PlanCodecPropertiesTest {
  private static final Gen<String> TEXT = Gen.oneOf(Gen.unicode(12), Gen.strings("ab_1", 1, 6));
  private static final Gen<String> NON_EMPTY = TEXT.filter(t -> !t.isBlank());
  // QueryText drops trailing semicolons: a text of only ';' and blanks is no query.
  private static final Gen<String> QUERIES = NON_EMPTY.filter(t -> !t.replace(";", "").isBlank());
  private static final Gen<String> NAMES =
      Gen.strings("abcXYZ019_", 1, 1).flatMap(f -> Gen.strings("abc019_.-", 0, 10).map(r -> f + r));
  private static final Gen<String> DESTINATIONS =
      Gen.oneOf(
          Gen.of("-", "/data/out", "out", "s3://bucket/x/{export}/{date}", "gs://b-1/{run_id}"),
          Gen.strings("abc/{}_", 1, 1).filter(t -> !t.contains("{") && !t.contains("}")),
          Gen.strings("abc/", 1, 12).map(p -> "/tmp/" + p + "/{export}/part={chunk}"));

  private static KeyPart keyPart(SplittableRandom random) {
    return new KeyPart(
        NON_EMPTY.next(random),
        Gen.of(
                KeyType.INTEGER,
                KeyType.DATE,
                KeyType.TIMESTAMP,
                KeyType.TIMESTAMPTZ,
                KeyType.TEXT,
                KeyType.UUID)
            .next(random));
  }

  static Gen<ExportPlan> plans() {
    return PlanCodecPropertiesTest::plan;
  }

  private static ExportPlan plan(SplittableRandom random) {
    ExportSpec export = export(random);
    boolean split = random.nextBoolean();
    KeyType keyType =
        Gen.of(KeyType.INTEGER, KeyType.DATE, KeyType.TIMESTAMP, KeyType.TIMESTAMPTZ).next(random);
    List<Chunk> chunks = new ArrayList<>();
    int count = random.nextInt(1, 6);
    for (int i = 0; i < count; i++) {
      chunks.add(
          random.nextInt(5) == 0
              ? Chunk.ofNullKeys(i)
              : new Chunk(i, nullable(random, TEXT), nullable(random, TEXT)));
    }
    return new ExportPlan(
        Gen.oneOf(NON_EMPTY, Gen.strings("0123456789TZ-abcdef", 1, 22)).next(random),
        export,
        Gen.of(SourceKind.values()).next(random),
        Gen.lists(PlanCodecPropertiesTest::column, 1, 4).next(random),
        split ? Strategy.KEY_RANGE : Strategy.SINGLE_READ,
        split
            ? (random.nextInt(4) == 0
                ? SplitKey.keyset(Gen.lists(PlanCodecPropertiesTest::keyPart, 1, 3).next(random))
                : new SplitKey(NON_EMPTY.next(random), keyType, Gen.lists(TEXT, 0, 2).next(random)))
            : null,
        chunks,
        random.nextInt(0, export.parallelism() + 1),
        Gen.longs(-1, Long.MAX_VALUE).next(random),
        Instant.ofEpochSecond(
            Gen.longs(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond()).next(random),
            random.nextInt(1_000_000_000)),
        Gen.lists(PlanCodecPropertiesTest::note, 0, 3).next(random),
        random.nextBoolean()
            ? null
            : new CursorAdvance(
                NON_EMPTY.next(random),
                keyType,
                nullable(random, TEXT),
                nullable(random, TEXT),
                Gen.longs().next(random)));
  }

  private static ExportSpec export(SplittableRandom random) {
    Relation relation =
        random.nextBoolean()
            ? new TableRef(nullable(random, NON_EMPTY), NON_EMPTY.next(random))
            : new QueryText(QUERIES.next(random));
    long backoff = Gen.longs(0, RetrySettings.MAX_BACKOFF_MILLIS).next(random);
    // Drawn in the order of the flat spec's fields, so each seed gives the plans it always gave.
    String name = NAMES.next(random);
    Format format = Gen.of(Format.values()).next(random);
    Compression compression = Gen.of(Compression.values()).next(random);
    Destination destination = Destination.parse(DESTINATIONS.next(random));
    long chunkRows =
        Gen.longs(ReadSettings.CHUNK_ROWS.min(), ReadSettings.CHUNK_ROWS.max()).next(random);
    int fetchSize = Gen.ints(1, (int) ReadSettings.FETCH_SIZE.max()).next(random);
    int parallelism = Gen.ints(1, (int) ReadSettings.PARALLELISM.max()).next(random);
    long rowGroupBytes = Gen.longs(OutputSettings.MIN_ROW_GROUP_BYTES, Long.MAX_VALUE).next(random);
    InfinityPolicy onInfinity = Gen.of(InfinityPolicy.values()).next(random);
    ZeroDatePolicy onZeroDate = Gen.of(ZeroDatePolicy.values()).next(random);
    ExtractMode mode = mode(random);
    FileRotation rotation =
        new FileRotation(
            Gen.longs(0, Long.MAX_VALUE).next(random),
            Gen.longs(0, FileRotation.ROWS_PER_FILE.max()).next(random));
    RetrySettings retry =
        new RetrySettings(
            Gen.ints(1, (int) RetrySettings.ATTEMPTS.max()).next(random),
            backoff,
            Gen.longs(backoff, RetrySettings.MAX_BACKOFF_MILLIS).next(random));
    long pause = Gen.longs(0, ReadSettings.MAX_PAUSE_MILLIS).next(random);
    return new ExportSpec(
            name,
            relation,
            mode,
            new ReadSettings(
                chunkRows, fetchSize, parallelism, null, null, pause, retry, null, null),
            new ValuePolicies(onInfinity, onZeroDate, null, null, null),
            new OutputSettings(format, compression, destination, rowGroupBytes, rotation),
            CheckSettings.DEFAULT)
        .withSchemaDrift(Gen.of(SchemaDriftPolicy.values()).next(random));
  }

  private static ExtractMode mode(SplittableRandom random) {
    String column = NON_EMPTY.next(random);
    String zone = Gen.of("UTC", "Europe/Berlin", "America/Sao_Paulo", "+05:30").next(random);
    long amount = Gen.longs(1, 1_000_000).next(random);
    switch (random.nextInt(4)) {
      case 0:
        return new FullMode();
      case 1:
        CursorType type = Gen.of(CursorType.values()).next(random);
        SpanUnit unit =
            type == CursorType.INT
                ? SpanUnit.KEYS
                : Gen.of(SpanUnit.DAYS, SpanUnit.WEEKS, SpanUnit.MONTHS).next(random);
        return new IncrementalMode(
            column,
            type,
            Gen.lists(NON_EMPTY, 0, 2).next(random),
            random.nextBoolean() ? Span.NONE : new Span(amount, unit));
      case 2:
        ChunkBy by = Gen.of(ChunkBy.values()).next(random);
        boolean byCount = by == ChunkBy.RANGE && random.nextBoolean();
        return new ChunkedMode(
            column, by, byCount ? 0 : amount, byCount ? random.nextInt(1, 10_001) : 0, zone);
      default:
        return new TimeWindowMode(
            column,
            new Span(amount, Gen.of(SpanUnit.HOURS, SpanUnit.DAYS, SpanUnit.MONTHS).next(random)),
            zone);
    }
  }

  private static SourceColumn column(SplittableRandom random) {
    return new SourceColumn(
        NON_EMPTY.next(random),
        random.nextInt(),
        TEXT.next(random),
        random.nextInt(),
        random.nextInt(),
        random.nextBoolean());
  }

  private static PlanNote note(SplittableRandom random) {
    NoteCode code = Gen.of(NoteCode.values()).next(random);
    Map<String, String> params = new HashMap<>();
    for (String name : code.parameters()) {
      params.put(name, TEXT.next(random));
    }
    return new PlanNote(code, params);
  }

  private static String nullable(SplittableRandom random, Gen<String> gen) {
    return random.nextInt(3) == 0 ? null : gen.next(random);
  }

  @Test
  void shouldReadBackEveryWrittenPlanAsAnEqualPlan() {
    forAll(
        200,
        plans(),
        plan -> {
          String json = PlanCodec.write(plan);

          assertThat(PlanCodec.read(plan.runId(), json)).isEqualTo(plan);
        });
  }
}
