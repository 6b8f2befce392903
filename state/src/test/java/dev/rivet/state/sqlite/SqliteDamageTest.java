package dev.rivet.state.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.file.WrittenFile;
import dev.rivet.kernel.plan.TestPlans;
import dev.rivet.state.StateLocation;
import dev.rivet.state.StateStore;
import dev.rivet.state.backends.StateStores;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A damaged state file is refused, unchanged, with what is wrong and how to restore it; a missing
 * one is created whole.
 */
class SqliteDamageTest {
  @TempDir Path dir;

  @Test
  void shouldRefuseAnEmptyFileWithoutTurningItIntoAFreshStore() throws Exception {
    Path file = Files.createFile(dir.resolve("state.db"));

    assertRefusedUnchanged(file, "the file is empty (0 bytes), so it holds no state at all");

    assertThat(file).isEmptyFile();
  }

  @Test
  void shouldRefuseAFileCutShortInsideItsHeader() throws Exception {
    Path file = storeWithRuns("whole.db", 3);
    Path cut = dir.resolve("state.db");
    Files.write(cut, Arrays.copyOf(Files.readAllBytes(file), 60));

    assertRefusedUnchanged(
        cut,
        "the file is 60 bytes long, shorter than the 100-byte header every SQLite database starts"
            + " with: it was cut short");
  }

  @Test
  void shouldRefuseAFileThatDoesNotStartWithTheSqliteHeader() throws Exception {
    Path file = storeWithRuns("state.db", 3);
    overwrite(file, 0, "not a database!!".getBytes());

    assertRefusedUnchanged(
        file, "the file does not start with SQLite's header ('SQLite format 3')");
  }

  @Test
  void shouldRefuseGarbageInATablesPagesBeforeWritingAnything() throws Exception {
    Path file = storeWithRuns("state.db", 40);
    long pageSize = pragma(file, "page_size");
    long leaf = middleLeafPage(file, "chunks");
    byte[] garbage = new byte[(int) pageSize];
    new Random(42).nextBytes(garbage);
    overwrite(file, (leaf - 1) * pageSize, garbage);

    String message = assertRefusedUnchanged(file, "the file is damaged: SQLite's integrity check");

    assertThat(message).contains("(PRAGMA quick_check) reports '").contains("page " + leaf);
  }

  @Test
  void shouldRefuseAFileThatLostItsLastPages() throws Exception {
    Path file = storeWithRuns("state.db", 40);
    long pageSize = pragma(file, "page_size");
    long pages = Files.size(file) / pageSize;
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(pages / 2 * pageSize);
    }

    assertRefusedUnchanged(file, "the file is damaged: SQLite's integrity check");
  }

  @Test
  void shouldNameTheDamageNotPermissionsWhenAStoreOpenedWithoutTheCheckHitsIt() throws Exception {
    Path file = storeWithRuns("state.db", 40);
    long pageSize = pragma(file, "page_size");
    byte[] garbage = new byte[(int) pageSize];
    new Random(7).nextBytes(garbage);
    overwrite(file, (rootPage(file, "chunks") - 1) * pageSize, garbage);

    try (StateStore reopened = StateStores.reopen(StateLocation.sqliteFile(file))) {
      assertThatThrownBy(() -> reopened.chunks("run-1"))
          .isInstanceOfSatisfying(
              RivetException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(FailureKind.STATE);
                assertThat(e.hint())
                    .contains("rivet state import")
                    .doesNotContain("writable")
                    .doesNotContain("permission");
              })
          .hasMessageContaining("reading the chunks of run run-1");
    }
  }

  @Test
  void shouldRefuseToCreateAStoreWhereAWriteAheadLogOfADeletedOneIsLeft() throws Exception {
    Path file = dir.resolve("state.db");
    Path log = Files.write(dir.resolve("state.db-wal"), new byte[4096]);

    assertThatThrownBy(() -> StateStores.open(StateLocation.sqliteFile(file)))
        .isInstanceOfSatisfying(
            RivetException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(FailureKind.STATE);
              assertThat(e.hint()).contains("move state.db-wal and state.db-shm aside");
            })
        .hasMessageContaining("the file is missing but its write-ahead log " + log);
    assertThat(file).doesNotExist();
  }

  @Test
  void shouldRefuseAnotherApplicationsDatabaseWithATableNamedLikeTheStores() throws Exception {
    Path file = dir.resolve("app.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE runs (id INTEGER PRIMARY KEY, name TEXT)");
      st.execute("INSERT INTO runs (name) VALUES ('a run of something else')");
    }
    byte[] before = Files.readAllBytes(file);

    assertThatThrownBy(() -> StateStores.open(StateLocation.sqliteFile(file)))
        .isInstanceOfSatisfying(
            RivetException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.STATE))
        .hasMessageEndingWith(
            " has table runs but no migration history (flyway_schema_history): it was changed"
                + " outside rivet, or holds another application's tables; rivet did not change it");
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
  }

  @Test
  void shouldOpenAWholeStoreAndKeepItsRuns() throws Exception {
    Path file = storeWithRuns("state.db", 5);

    try (StateStore store = StateStores.open(StateLocation.sqliteFile(file))) {
      assertThat(store.runs(null, 10)).hasSize(5);
      assertThat(store.files("run-3")).hasSize(4);
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void shouldCreateAMissingFileOnceWhenSeveralStoresOpenItAtOnce() throws Exception {
    StateLocation fresh = StateLocation.sqliteFile(dir.resolve("new/state.db"));
    int openers = 6;
    ExecutorService pool = Executors.newFixedThreadPool(openers);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Integer>> opened = new ArrayList<>();
      for (int i = 0; i < openers; i++) {
        int n = i;
        opened.add(
            pool.submit(
                () -> {
                  start.await();
                  try (StateStore own = StateStores.open(fresh)) {
                    own.savePlan(TestPlans.keyRange("run-" + n, 1));
                    return own.runs(null, 100).size();
                  }
                }));
      }
      start.countDown();
      for (Future<Integer> runs : opened) {
        assertThat(runs.get(100, TimeUnit.SECONDS)).isPositive();
      }
    } finally {
      pool.shutdownNow();
    }
    try (StateStore store = StateStores.open(fresh)) {
      assertThat(store.runs(null, 100)).hasSize(openers);
    }
    try (var leftovers = Files.list(dir.resolve("new"))) {
      assertThat(leftovers.map(p -> p.getFileName().toString()))
          .allMatch(name -> name.startsWith("state.db"));
    }
  }

  /** Asserts that opening the file fails, saying {@code what}, and leaves it byte for byte. */
  private String assertRefusedUnchanged(Path file, String what) throws Exception {
    byte[] before = Files.readAllBytes(file);
    StateLocation location = StateLocation.sqliteFile(file);
    List<String> messages = new ArrayList<>();
    for (ThrowingCallable opening :
        List.<ThrowingCallable>of(
            () -> StateStores.open(location).close(),
            () -> StateStores.migrate(location),
            () -> StateStores.reopen(location).close())) {
      if (what.startsWith("the file is damaged") && messages.size() == 2) {
        break; // reopen skips the page check by design
      }
      assertThatThrownBy(opening)
          .isInstanceOfSatisfying(
              RivetException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(FailureKind.STATE);
                assertThat(e.hint())
                    .contains("move " + file + " aside")
                    .contains("rivet state import --file BACKUP")
                    .contains("start a fresh store")
                    .doesNotContain("writable")
                    .doesNotContain("permission");
                messages.add(e.getMessage());
              })
          .hasMessageStartingWith("state store jdbc:sqlite:" + file + ": ")
          .hasMessageContaining(what)
          .hasMessageEndingWith("; rivet did not change the file");
    }
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    return messages.get(0);
  }

  private Path storeWithRuns(String name, int runs) {
    Path file = dir.resolve(name);
    try (StateStore store = StateStores.open(StateLocation.sqliteFile(file))) {
      for (int r = 1; r <= runs; r++) {
        String runId = "run-" + r;
        store.savePlan(TestPlans.keyRange(runId, 4));
        for (int c = 0; c < 4; c++) {
          store.chunkStarted(runId, c);
          store.chunkWritten(
              runId,
              c,
              new WrittenFile(
                  runId,
                  c,
                  0,
                  "/out/" + runId + "/part-" + c + ".parquet",
                  100,
                  1000,
                  null,
                  Map.of()));
        }
      }
    }
    return file;
  }

  private static long pragma(Path file, String name) throws Exception {
    return query(file, "PRAGMA " + name);
  }

  /** A page in the middle of the table's data: a leaf of its b-tree, by SQLite's dbstat. */
  private static long middleLeafPage(Path file, String table) throws Exception {
    long leaves =
        query(
            file, "SELECT count(*) FROM dbstat WHERE name = '" + table + "' AND pagetype = 'leaf'");
    assertThat(leaves).as("leaf pages of " + table).isGreaterThan(2);
    return query(
        file,
        "SELECT pageno FROM dbstat WHERE name = '"
            + table
            + "' AND pagetype = 'leaf' ORDER BY pageno LIMIT 1 OFFSET "
            + leaves / 2);
  }

  private static long rootPage(Path file, String table) throws Exception {
    return query(file, "SELECT rootpage FROM sqlite_schema WHERE name = '" + table + "'");
  }

  private static long query(Path file, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      assertThat(rs.next()).isTrue();
      return rs.getLong(1);
    }
  }

  private static void overwrite(Path file, long offset, byte[] bytes) throws Exception {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(offset);
      raf.write(bytes);
    }
  }
}
