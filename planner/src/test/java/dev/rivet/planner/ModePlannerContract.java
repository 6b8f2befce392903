package dev.rivet.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rivet.kernel.destination.Destination;
import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
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
import dev.rivet.kernel.plan.Format;
import dev.rivet.kernel.plan.FullMode;
import dev.rivet.kernel.plan.IncrementalMode;
import dev.rivet.kernel.plan.InfinityPolicy;
import dev.rivet.kernel.plan.KeyType;
import dev.rivet.kernel.plan.OutputSettings;
import dev.rivet.kernel.plan.QueryText;
import dev.rivet.kernel.plan.ReadSettings;
import dev.rivet.kernel.plan.Relation;
import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.kernel.plan.Span;
import dev.rivet.kernel.plan.Strategy;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.kernel.plan.TimeWindowMode;
import dev.rivet.kernel.plan.ValuePolicies;
import dev.rivet.kernel.source.SourceKind;
import dev.rivet.planner.split.KeyAxis;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What incremental, chunked and time_window plans guarantee on a real database, whatever the
 * dialect: the chunks each run reads, read as an export reads them, return exactly the rows the
 * mode selects, each once, and the cursor marks move as documented.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ModePlannerContract {
  /** The clock time_window plans run at: 11:00 EDT on 2026-03-10, two days after DST began. */
  static final Instant NOW = Instant.parse("2026-03-10T15:00:00Z");

  /** The first event; one event an hour for {@value #EVENTS} hours, across the DST change. */
  static final Instant FIRST_EVENT = Instant.parse("2026-03-01T00:00:00Z");

  static final int EVENTS = 14 * 24;
  static final int TIES = 3000;
  static final long SPARSE_HIGH = 1_000_000_000L;
  static final String SPARSE = "modes_ut_sparse";
  static final String TIES_TABLE = "modes_ut_ties";
  static final String EVENTS_TABLE = "modes_ut_events";
  static final List<String> TABLES = List.of(SPARSE, TIES_TABLE, EVENTS_TABLE);

  private final Planner planner = new Planner(Clock.fixed(NOW, ZoneOffset.UTC));

  abstract SourceConnection source();

  /** A connection for fixtures and checks; MySQL's in a UTC session, as Rivet reads. */
  abstract Connection connect() throws SQLException;

  abstract void execute(String... statements) throws SQLException;

  abstract void dropTables(List<String> tables) throws SQLException;

  abstract String schema();

  /** The column type holding instants: timestamptz, or MySQL TIMESTAMP. */
  abstract String instantType(boolean nullable);

  /** The column type holding wall-clock times: timestamp, or MySQL DATETIME. */
  abstract String wallType();

  /** The split key type of an instant column: TIMESTAMPTZ, or TIMESTAMP read in UTC. */
  abstract KeyType instantKeyType();

  /** The JDBC value of an instant for the instant column. */
  abstract Object instantValue(Instant instant);

  abstract String analyze(String table);

  String qualified(String table) {
    return schema() + "." + table;
  }

  TableRef table(String name) {
    return new TableRef(schema(), name);
  }

  @BeforeAll
  void createTables() throws SQLException {
    execute(
        "DROP TABLE IF EXISTS " + qualified(SPARSE),
        "DROP TABLE IF EXISTS " + qualified(TIES_TABLE),
        "DROP TABLE IF EXISTS " + qualified(EVENTS_TABLE),
        "CREATE TABLE " + qualified(SPARSE) + " (id BIGINT PRIMARY KEY)",
        "CREATE TABLE "
            + qualified(TIES_TABLE)
            + " (id BIGINT PRIMARY KEY, status INT NOT NULL, grp INT, plain INT NOT NULL)",
        "CREATE INDEX modes_ut_ties_status ON " + qualified(TIES_TABLE) + " (status)",
        "CREATE INDEX modes_ut_ties_grp ON " + qualified(TIES_TABLE) + " (grp)",
        "CREATE TABLE "
            + qualified(EVENTS_TABLE)
            + " (id BIGINT PRIMARY KEY, updated_at "
            + instantType(true)
            + ", created_at "
            + instantType(false)
            + ", local_at "
            + wallType()
            + " NOT NULL, day DATE NOT NULL)",
        "CREATE INDEX modes_ut_events_updated ON " + qualified(EVENTS_TABLE) + " (updated_at)",
        "CREATE INDEX modes_ut_events_created ON " + qualified(EVENTS_TABLE) + " (created_at)",
        "CREATE INDEX modes_ut_events_local ON " + qualified(EVENTS_TABLE) + " (local_at)",
        "CREATE INDEX modes_ut_events_day ON " + qualified(EVENTS_TABLE) + " (day)");
    try (Connection connection = connect()) {
      connection.setAutoCommit(false);
      try (PreparedStatement ps =
          connection.prepareStatement("INSERT INTO " + qualified(SPARSE) + " VALUES (?)")) {
        for (long id :
            LongStream.concat(
                    LongStream.rangeClosed(1, 1000),
                    LongStream.rangeClosed(SPARSE_HIGH, SPARSE_HIGH + 1000))
                .toArray()) {
          ps.setLong(1, id);
          ps.addBatch();
        }
        ps.executeBatch();
      }
      try (PreparedStatement ps =
          connection.prepareStatement(
              "INSERT INTO " + qualified(TIES_TABLE) + " VALUES (?, ?, ?, ?)")) {
        for (int id = 1; id <= TIES; id++) {
          ps.setLong(1, id);
          // 300 rows of status 0, 2400 of status 1, 300 of status 2.
          ps.setInt(2, id % 10 == 8 ? 0 : id % 10 == 9 ? 2 : 1);
          if (id % 7 == 0) {
            ps.setObject(3, null, java.sql.Types.INTEGER);
          } else {
            ps.setInt(3, id % 50);
          }
          ps.setInt(4, id);
          ps.addBatch();
        }
        ps.executeBatch();
      }
      try (PreparedStatement ps =
          connection.prepareStatement(
              "INSERT INTO " + qualified(EVENTS_TABLE) + " VALUES (?, ?, ?, ?, ?)")) {
        for (int h = 0; h < EVENTS; h++) {
          Instant created = FIRST_EVENT.plus(Duration.ofHours(h));
          ps.setLong(1, h + 1);
          if (h % 10 == 9) {
            ps.setObject(2, null);
          } else {
            ps.setObject(2, instantValue(created.plus(Duration.ofMinutes(30))));
          }
          ps.setObject(3, instantValue(created));
          ps.setObject(4, LocalDateTime.ofInstant(created, ZoneOffset.UTC));
          ps.setObject(5, LocalDate.ofInstant(created, ZoneOffset.UTC));
          ps.addBatch();
        }
        ps.executeBatch();
      }
      connection.commit();
    }
    execute(analyze(SPARSE), analyze(TIES_TABLE), analyze(EVENTS_TABLE));
  }

  @AfterAll
  void dropTables() throws SQLException {
    dropTables(TABLES);
  }

  ExportPlan plan(String table, long chunkRows, ExtractMode mode, String previousMark) {
    return plan(table(table), chunkRows, mode, previousMark);
  }

  ExportPlan plan(Relation relation, long chunkRows, ExtractMode mode, String previousMark) {
    ExportSpec spec =
        new ExportSpec(
                "modes_ut",
                relation,
                new FullMode(),
                ReadSettings.of(chunkRows, 1000, 2),
                ValuePolicies.of(InfinityPolicy.CLAMP),
                new OutputSettings(
                    Format.PARQUET,
                    Compression.NONE,
                    Destination.parse("/tmp/rivet-modes-ut"),
                    OutputSettings.DEFAULT_ROW_GROUP_BYTES,
                    null),
                CheckSettings.DEFAULT)
            .withMode(mode);
    return planner.plan(source(), spec, "run-modes-ut", previousMark);
  }

  ExportPlan plan(String table, ExtractMode mode) {
    return plan(table, SourceKind.POSTGRESQL.defaultChunkRows(), mode, null);
  }

  List<Long> rowCounts(ExportPlan plan) throws SQLException {
    return ChunkReads.rowCounts(plan, this::connect);
  }

  /** The split key of every row read; each is checked to lie within its chunk's bounds. */
  List<Long> keysOfAllChunks(ExportPlan plan) throws SQLException {
    return ChunkReads.keysOfAllChunks(plan, this::connect).stream()
        .flatMap(List::stream)
        .collect(Collectors.toList());
  }

  long count(String table, String where, Object... values) throws SQLException {
    try (Connection connection = connect();
        PreparedStatement ps =
            connection.prepareStatement(
                "SELECT count(*) FROM " + qualified(table) + " WHERE " + where)) {
      for (int i = 0; i < values.length; i++) {
        ps.setObject(i + 1, values[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /** Boundary text of an instant in the instant column's key type. */
  String instantText(Instant instant) {
    return KeyAxis.format(instantKeyType(), micros(instant));
  }

  static long micros(Instant instant) {
    return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
  }

  static long sum(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).sum();
  }

  static void assertContiguous(List<Chunk> chunks) {
    for (int i = 0; i + 1 < chunks.size(); i++) {
      if (!chunks.get(i + 1).nullKeys()) {
        assertThat(chunks.get(i).upperExclusive())
            .as("chunk %d ends where chunk %d begins", i, i + 1)
            .isEqualTo(chunks.get(i + 1).lowerInclusive());
      }
    }
  }

  @Test
  void shouldChunkASparseKeyByCountIntoChunksOfSimilarRowCounts() throws SQLException {
    ExportPlan plan = plan(SPARSE, new ChunkedMode("id", ChunkBy.RANGE, 0, 4, null));
    List<Chunk> chunks = plan.chunks();

    assertThat(plan.strategy()).isEqualTo(Strategy.KEY_RANGE);
    assertThat(chunks).hasSize(4).noneMatch(Chunk::nullKeys);
    assertThat(chunks.get(0).lowerInclusive()).isEqualTo("1");
    assertThat(chunks.get(3).upperExclusive()).isEqualTo(Long.toString(SPARSE_HIGH + 1001));
    assertContiguous(chunks);
    List<Long> counts = rowCounts(plan);
    double mean = sum(counts) / (double) counts.size();
    assertThat(counts).allSatisfy(c -> assertThat((double) c).isBetween(mean * 0.9, mean * 1.1));
    List<Long> keys = keysOfAllChunks(plan);
    assertThat(keys).hasSize(2001);
    assertThat(new HashSet<>(keys)).hasSize(2001);
    assertThat(sum(counts)).isEqualTo(count(SPARSE, "1 = 1"));
  }

  @Test
  void shouldEndEachChunkAfterAllRowsOfATiedValue() throws SQLException {
    ExportPlan plan = plan(TIES_TABLE, new ChunkedMode("status", ChunkBy.RANGE, 500, 0, null));

    assertThat(plan.chunks())
        .containsExactly(new Chunk(0, "0", "1"), new Chunk(1, "1", "2"), new Chunk(2, "2", "3"));
    assertThat(rowCounts(plan)).containsExactly(300L, 2400L, 300L);
    assertThat(keysOfAllChunks(plan)).hasSize(TIES);
  }

  @Test
  void shouldCoverEveryRowOnceWhenEveryChunkIsOneTiedValue() throws SQLException {
    ExportPlan plan = plan(TIES_TABLE, new ChunkedMode("status", ChunkBy.RANGE, 1, 0, null));

    assertThat(plan.chunks()).hasSize(3);
    assertContiguous(plan.chunks());
    assertThat(sum(rowCounts(plan))).isEqualTo(TIES);
  }

  @Test
  void shouldReadRowsWithANullChunkKeyInTheirOwnChunk() throws SQLException {
    ExportPlan plan = plan(TIES_TABLE, new ChunkedMode("grp", ChunkBy.RANGE, 0, 4, null));
    List<Chunk> chunks = plan.chunks();

    Chunk last = chunks.get(chunks.size() - 1);
    assertThat(last.nullKeys()).isTrue();
    assertThat(chunks.subList(0, chunks.size() - 1)).noneMatch(Chunk::nullKeys);
    assertContiguous(chunks);
    assertThat(chunks.get(0).lowerInclusive()).isEqualTo("0");
    assertThat(chunks.get(chunks.size() - 2).upperExclusive()).isEqualTo("50");
    List<Long> counts = rowCounts(plan);
    long nulls = count(TIES_TABLE, "grp IS NULL");
    assertThat(nulls).isEqualTo(TIES / 7);
    assertThat(counts.get(counts.size() - 1)).isEqualTo(nulls);
    assertThat(sum(counts)).isEqualTo(TIES);
    assertThat(plan.noteTexts()).contains("rows whose grp is NULL are read by their own chunk");
  }

  @Test
  void shouldReadOneChunkAndSuggestAnIndexForAnUnindexedColumn() throws SQLException {
    ExportPlan plan = plan(TIES_TABLE, new ChunkedMode("plain", ChunkBy.RANGE, 0, 4, null));

    assertThat(plan.chunks()).containsExactly(new Chunk(0, "1", Integer.toString(TIES + 1)));
    assertThat(plan.noteTexts())
        .anySatisfy(
            note ->
                assertThat(note)
                    .contains("plain has no index")
                    .contains("CREATE INDEX ON " + schema() + "." + TIES_TABLE + " (plain)"));
    assertThat(rowCounts(plan)).containsExactly((long) TIES);
  }

  @Test
  void shouldChunkInstantsByLocalDayAcrossTheDstChange() throws SQLException {
    ExportPlan plan =
        plan(EVENTS_TABLE, new ChunkedMode("created_at", ChunkBy.DAY, 0, 0, "America/New_York"));
    List<Chunk> chunks = plan.chunks();

    // 2026-03-01T00:00Z is still February 28 in New York.
    assertThat(chunks.get(0).lowerInclusive())
        .isEqualTo(instantText(Instant.parse("2026-02-28T05:00:00Z")));
    assertThat(chunks).hasSize(15).noneMatch(Chunk::nullKeys);
    assertContiguous(chunks);
    Chunk springForward =
        new Chunk(
            8,
            instantText(Instant.parse("2026-03-08T05:00:00Z")),
            instantText(Instant.parse("2026-03-09T04:00:00Z")));
    assertThat(chunks.get(8)).isEqualTo(springForward);
    List<Long> counts = rowCounts(plan);
    assertThat(counts.get(8)).isEqualTo(23);
    assertThat(counts.get(7)).isEqualTo(24);
    assertThat(sum(counts)).isEqualTo(EVENTS);
    assertThat(keysOfAllChunks(plan)).hasSize(EVENTS);
  }

  @Test
  void shouldChunkWallClockTimesByTheirOwnDaysWhateverTheZone() throws SQLException {
    ExportPlan plan =
        plan(EVENTS_TABLE, new ChunkedMode("local_at", ChunkBy.DAY, 0, 0, "America/New_York"));
    List<Chunk> chunks = plan.chunks();

    assertThat(chunks).hasSize(14);
    assertThat(chunks.get(0)).isEqualTo(new Chunk(0, "2026-03-01T00:00", "2026-03-02T00:00"));
    assertThat(chunks.get(7)).isEqualTo(new Chunk(7, "2026-03-08T00:00", "2026-03-09T00:00"));
    assertThat(rowCounts(plan)).containsOnly(24L);
    assertThat(plan.noteTexts())
        .anySatisfy(
            note ->
                assertThat(note)
                    .contains("the column has no time zone: its values are taken as wall-clock"));
  }

  @Test
  void shouldChunkDatesByWeekStartingOnMondays() throws SQLException {
    ExportPlan plan = plan(EVENTS_TABLE, new ChunkedMode("day", ChunkBy.WEEK, 0, 0, null));

    // Sunday 2026-03-01 to Saturday 2026-03-14.
    assertThat(plan.chunks())
        .containsExactly(
            new Chunk(0, "2026-02-23", "2026-03-02"),
            new Chunk(1, "2026-03-02", "2026-03-09"),
            new Chunk(2, "2026-03-09", "2026-03-16"));
    assertThat(rowCounts(plan)).containsExactly(24L, 7 * 24L, 6 * 24L);
  }

  @Test
  void shouldRefuseMoreCalendarChunksThanThePlannerPlaces() {
    Relation decades =
        new QueryText(
            "SELECT day FROM " + qualified(EVENTS_TABLE) + " UNION ALL SELECT DATE '1990-01-01'");

    RivetException e =
        catchThrowableOfType(
            RivetException.class,
            () ->
                plan(
                    decades,
                    SourceKind.POSTGRESQL.defaultChunkRows(),
                    new ChunkedMode("day", ChunkBy.DAY, 0, 0, null),
                    null));

    assertThat(e.kind()).isEqualTo(FailureKind.USER_CONFIG);
    assertThat(e.getMessage())
        .isEqualTo(
            "export 'modes_ut': chunking by 1 day from 1990-01-01 to 2026-03-14 takes more than"
                + " 10000 chunks");
    assertThat(e.hint()).contains("chunk by a longer period");
  }

  @Test
  void shouldRefuseCalendarChunksAndWindowsOnAnIntegerColumn() {
    RivetException chunked =
        catchThrowableOfType(
            RivetException.class,
            () -> plan(EVENTS_TABLE, new ChunkedMode("id", ChunkBy.MONTH, 0, 0, null)));
    RivetException window =
        catchThrowableOfType(
            RivetException.class,
            () -> plan(EVENTS_TABLE, new TimeWindowMode("id", Span.parse("7 days"), null)));

    assertThat(chunked.kind()).isEqualTo(FailureKind.USER_CONFIG);
    assertThat(chunked.getMessage())
        .isEqualTo(
            "export 'modes_ut': chunk column 'id' is an integer; by: month needs a date or"
                + " timestamp column");
    assertThat(window.getMessage())
        .isEqualTo(
            "export 'modes_ut': window column 'id' is an integer; a time window needs a date or"
                + " timestamp column");
  }

  @Test
  void shouldRefuseAWindowShorterThanADayOnADateColumn() {
    RivetException e =
        catchThrowableOfType(
            RivetException.class,
            () -> plan(EVENTS_TABLE, new TimeWindowMode("day", Span.parse("24 hours"), null)));

    assertThat(e.kind()).isEqualTo(FailureKind.USER_CONFIG);
    assertThat(e.getMessage())
        .isEqualTo(
            "export 'modes_ut': window column 'day' is a date; last: 24 hours is shorter than a"
                + " day");
  }

  @Test
  void shouldReadTheWholeHistoryOnTheFirstIncrementalRun() throws SQLException {
    ExportPlan plan =
        plan(
            EVENTS_TABLE,
            100,
            new IncrementalMode("updated_at", CursorType.TIMESTAMP, null, null),
            null);
    Instant max = Instant.parse("2026-03-14T23:30:00Z");

    List<Chunk> chunks = plan.chunks();
    assertThat(chunks.get(0).lowerInclusive()).isNull();
    assertThat(chunks.get(chunks.size() - 1).upperExclusive())
        .isEqualTo(instantText(max.plusNanos(1000)));
    assertContiguous(chunks);
    assertThat(plan.cursor())
        .isEqualTo(
            new CursorAdvance("updated_at", instantKeyType(), null, instantText(max), micros(max)));
    long withCursor = count(EVENTS_TABLE, "updated_at IS NOT NULL");
    assertThat(sum(rowCounts(plan))).isEqualTo(withCursor).isEqualTo(EVENTS - EVENTS / 10);
    assertThat(plan.noteTexts())
        .anySatisfy(note -> assertThat(note).contains("first run, reads the whole history"))
        .anySatisfy(
            note ->
                assertThat(note)
                    .contains("cursor updated_at is nullable: rows where it is NULL are never"));
  }

  @Test
  void shouldReadFromTheMarkLessLookbackOnALaterRun() throws SQLException {
    Instant mark = Instant.parse("2026-03-10T12:30:00Z");
    Instant max = Instant.parse("2026-03-14T23:30:00Z");
    ExportPlan plan =
        plan(
            EVENTS_TABLE,
            50,
            new IncrementalMode("updated_at", CursorType.TIMESTAMP, null, Span.parse("2h")),
            instantText(mark));

    Instant lower = mark.plusNanos(1000).minus(Duration.ofHours(2));
    List<Chunk> chunks = plan.chunks();
    assertThat(chunks.get(0).lowerInclusive()).isEqualTo(instantText(lower));
    assertThat(chunks.get(chunks.size() - 1).upperExclusive())
        .isEqualTo(instantText(max.plusNanos(1000)));
    assertThat(chunks).hasSizeGreaterThan(1);
    assertContiguous(chunks);
    assertThat(plan.cursor())
        .isEqualTo(
            new CursorAdvance(
                "updated_at", instantKeyType(), instantText(mark), instantText(max), micros(max)));
    // The lookback window is chunk 0 on its own, so the rows read again are counted apart.
    Instant afterMark = mark.plusNanos(1000);
    assertThat(chunks.get(0)).isEqualTo(new Chunk(0, instantText(lower), instantText(afterMark)));
    List<Long> counts = rowCounts(plan);
    assertThat(counts.get(0))
        .isEqualTo(
            count(
                EVENTS_TABLE,
                "updated_at >= ? AND updated_at < ?",
                instantValue(lower),
                instantValue(afterMark)))
        .isEqualTo(2);
    assertThat(sum(counts)).isEqualTo(count(EVENTS_TABLE, "updated_at >= ?", instantValue(lower)));
    assertThat(plan.noteTexts())
        .anySatisfy(
            note -> assertThat(note).contains("less lookback 2 hours; rows up to the mark may"));
  }

  @Test
  void shouldKeepTheMarkWhenNothingLiesPastIt() throws SQLException {
    Instant max = Instant.parse("2026-03-14T23:30:00Z");
    ExportPlan plan =
        plan(
            EVENTS_TABLE,
            100,
            new IncrementalMode("updated_at", CursorType.TIMESTAMP, null, null),
            instantText(max));

    String after = instantText(max.plusNanos(1000));
    assertThat(plan.chunks()).containsExactly(new Chunk(0, after, after));
    assertThat(plan.cursor().newMark()).isEqualTo(instantText(max));
    assertThat(plan.cursor().newMarkAxis()).isEqualTo(micros(max));
    assertThat(rowCounts(plan)).containsExactly(0L);
    assertThat(plan.noteTexts())
        .anySatisfy(note -> assertThat(note).contains("nothing to read, the mark stays at"));
  }

  @Test
  void shouldReReadOnlyTheLookbackWhenNothingIsNewAndKeepTheMark() throws SQLException {
    Instant max = Instant.parse("2026-03-14T23:30:00Z");
    ExportPlan plan =
        plan(
            EVENTS_TABLE,
            100,
            new IncrementalMode("updated_at", CursorType.TIMESTAMP, null, Span.parse("3 hours")),
            instantText(max));

    Instant lower = max.plusNanos(1000).minus(Duration.ofHours(3));
    assertThat(plan.chunks())
        .containsExactly(new Chunk(0, instantText(lower), instantText(max.plusNanos(1000))));
    assertThat(plan.cursor().newMark()).isEqualTo(instantText(max));
    assertThat(rowCounts(plan))
        .containsExactly(count(EVENTS_TABLE, "updated_at >= ?", instantValue(lower)));
  }

  @Test
  void shouldStoreNoMarkWhenNoRowHasACursorValueYet() throws SQLException {
    Relation noRows =
        new QueryText("SELECT id, updated_at FROM " + qualified(EVENTS_TABLE) + " WHERE id < 0");
    ExportPlan plan =
        plan(
            noRows, 100, new IncrementalMode("updated_at", CursorType.TIMESTAMP, null, null), null);

    assertThat(plan.chunks()).hasSize(1);
    assertThat(plan.cursor().previousMark()).isNull();
    assertThat(plan.cursor().newMark()).isNull();
    assertThat(rowCounts(plan)).containsExactly(0L);
    assertThat(plan.noteTexts())
        .anySatisfy(note -> assertThat(note).contains("no row has a cursor value yet"));
  }

  @Test
  void shouldMoveAnIntCursorBackByItsLookbackInKeys() throws SQLException {
    ExportPlan plan =
        plan(
            EVENTS_TABLE,
            100,
            new IncrementalMode("id", CursorType.INT, null, Span.parse("10")),
            "200");

    List<Chunk> chunks = plan.chunks();
    assertThat(chunks.get(0).lowerInclusive()).isEqualTo("191");
    assertThat(chunks.get(chunks.size() - 1).upperExclusive())
        .isEqualTo(Integer.toString(EVENTS + 1));
    assertThat(plan.cursor())
        .isEqualTo(
            new CursorAdvance("id", KeyType.INTEGER, "200", Integer.toString(EVENTS), EVENTS));
    assertThat(keysOfAllChunks(plan))
        .containsExactlyInAnyOrderElementsOf(
            LongStream.rangeClosed(191, EVENTS).boxed().collect(Collectors.toList()));
  }

  @Test
  void shouldReadNullCursorsThroughTheFallbackColumn() throws SQLException {
    ExportPlan plan =
        plan(
            EVENTS_TABLE,
            100,
            new IncrementalMode("updated_at", CursorType.TIMESTAMP, List.of("created_at"), null),
            null);

    assertThat(plan.splitKey().describe()).isEqualTo("COALESCE(updated_at, created_at)");
    assertThat(plan.cursor().cursor()).isEqualTo("COALESCE(updated_at, created_at)");
    assertThat(sum(rowCounts(plan))).isEqualTo(EVENTS);
    assertThat(plan.noteTexts()).noneMatch(note -> note.contains("is nullable"));
  }

  @Test
  void shouldRejectACursorDeclaredAsADateOnATimestampColumn() {
    RivetException e =
        catchThrowableOfType(
            RivetException.class,
            () ->
                plan(EVENTS_TABLE, new IncrementalMode("updated_at", CursorType.DATE, null, null)));

    assertThat(e.kind()).isEqualTo(FailureKind.USER_CONFIG);
    assertThat(e.getMessage())
        .startsWith("export 'modes_ut': cursor column 'updated_at' is a timestamp")
        .endsWith(", but the cursor is declared type: date");
    assertThat(e.hint()).isEqualTo("set cursor.type to match the column (timestamp)");
  }

  @Test
  void shouldReportAStoredMarkOfAnotherTypeAsAStateProblem() {
    RivetException e =
        catchThrowableOfType(
            RivetException.class,
            () ->
                plan(
                    EVENTS_TABLE,
                    100,
                    new IncrementalMode("id", CursorType.INT, null, null),
                    "2026-03-10T12:30Z"));

    assertThat(e.kind()).isEqualTo(FailureKind.STATE);
    assertThat(e.getMessage())
        .isEqualTo("the stored cursor mark '2026-03-10T12:30Z' is not an integer");
    assertThat(e.hint()).contains("rivet state cursors --reset");
  }

  @Test
  void shouldListTheColumnsWhenTheCursorColumnDoesNotExist() {
    RivetException e =
        catchThrowableOfType(
            RivetException.class,
            () ->
                plan(
                    EVENTS_TABLE,
                    new IncrementalMode("updated", CursorType.TIMESTAMP, null, null)));

    assertThat(e.kind()).isEqualTo(FailureKind.USER_CONFIG);
    assertThat(e.getMessage())
        .isEqualTo(
            "export 'modes_ut': cursor column 'updated' is not among the columns read"
                + " (id, updated_at, created_at, local_at, day)");
  }

  @Test
  void shouldReadTheLastThreeLocalDaysOfInstants() throws SQLException {
    ExportPlan plan =
        plan(
            EVENTS_TABLE,
            new TimeWindowMode("created_at", Span.parse("3 days"), "America/New_York"));

    // Midnight of 2026-03-10 is EDT (04:00Z); three days earlier it was EST (05:00Z).
    Instant start = Instant.parse("2026-03-07T05:00:00Z");
    Instant end = Instant.parse("2026-03-10T04:00:00Z");
    List<Chunk> chunks = plan.chunks();
    assertThat(chunks.get(0).lowerInclusive()).isEqualTo(instantText(start));
    assertThat(chunks.get(chunks.size() - 1).upperExclusive()).isEqualTo(instantText(end));
    assertContiguous(chunks);
    long inWindow =
        count(
            EVENTS_TABLE,
            "created_at >= ? AND created_at < ?",
            instantValue(start),
            instantValue(end));
    assertThat(inWindow).isEqualTo(71);
    assertThat(sum(rowCounts(plan))).isEqualTo(inWindow);
  }

  @Test
  void shouldTakeAWallClockWindowAtLocalMidnightWhateverTheZone() throws SQLException {
    ExportPlan plan =
        plan(
            EVENTS_TABLE, new TimeWindowMode("local_at", Span.parse("3 days"), "America/New_York"));

    List<Chunk> chunks = plan.chunks();
    assertThat(chunks.get(0).lowerInclusive()).isEqualTo("2026-03-07T00:00");
    assertThat(chunks.get(chunks.size() - 1).upperExclusive()).isEqualTo("2026-03-10T00:00");
    assertThat(sum(rowCounts(plan))).isEqualTo(72);
  }

  @Test
  void shouldTakeADateWindowInWholeDays() throws SQLException {
    ExportPlan plan =
        plan(EVENTS_TABLE, new TimeWindowMode("day", Span.parse("3 days"), "America/New_York"));

    List<Chunk> chunks = plan.chunks();
    assertThat(chunks.get(0).lowerInclusive()).isEqualTo("2026-03-07");
    assertThat(chunks.get(chunks.size() - 1).upperExclusive()).isEqualTo("2026-03-10");
    assertThat(sum(rowCounts(plan))).isEqualTo(72);
  }

  @Test
  void shouldTakeAnHourWindowEndingAtTheStartOfTheCurrentHour() throws SQLException {
    ExportPlan plan =
        plan(EVENTS_TABLE, new TimeWindowMode("created_at", Span.parse("24 hours"), "UTC"));

    assertThat(plan.chunks())
        .containsExactly(
            new Chunk(
                0,
                instantText(Instant.parse("2026-03-09T15:00:00Z")),
                instantText(Instant.parse("2026-03-10T15:00:00Z"))));
    assertThat(rowCounts(plan)).containsExactly(24L);
  }
}
