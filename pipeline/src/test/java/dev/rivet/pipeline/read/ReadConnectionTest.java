package dev.rivet.pipeline.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.Compression;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.Format;
import dev.rivet.kernel.plan.InfinityPolicy;
import dev.rivet.kernel.plan.ReadProtocol;
import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.kernel.testing.servers.TestServer;
import dev.rivet.kernel.testing.servers.TestServers;
import dev.rivet.pipeline.types.ColumnReader;
import dev.rivet.pipeline.types.ColumnType;
import dev.rivet.pipeline.types.TypeMapper;
import dev.rivet.pipeline.types.ValuePolicies;
import dev.rivet.pipeline.types.WarningCounts;
import dev.rivet.pipeline.write.PostgresFixture;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A reader's kept connection: its chunks run in one server session, each in its own transaction,
 * and a column retyped between two chunks still fails the next chunk as drift, however many chunks
 * the session read before (the driver must not answer the chunk's describe from a statement it
 * prepared on the server for an earlier chunk). A kept connection whose backend was terminated
 * between two chunks is replaced by the next chunk, which reads exactly (in the run's snapshot,
 * when it has one), or fails clearly when that snapshot is gone.
 */
class ReadConnectionTest {
  private static final String TABLE = "rivet_kept_connection_test";

  @BeforeEach
  void createTable() throws Exception {
    PostgresFixture.execute(
        "DROP TABLE IF EXISTS " + TABLE,
        "CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY, note varchar(50))",
        "INSERT INTO " + TABLE + " SELECT g, 'n' || g FROM generate_series(1, 5) g");
  }

  @AfterEach
  void dropTable() throws Exception {
    PostgresFixture.execute("DROP TABLE IF EXISTS " + TABLE);
  }

  @Test
  void shouldReadChunksInOneSessionAndStillSeeAColumnRetypedBetweenThem() throws Exception {
    ExportPlan plan =
        PostgresFixture.plan(
            TABLE,
            PostgresFixture.columns("SELECT * FROM " + TABLE),
            Format.CSV,
            Compression.NONE,
            InfinityPolicy.DEFAULT,
            64L * 1024 * 1024);
    try (ReadConnection kept = ReadConnection.to(source())) {
      List<Integer> sessions = new ArrayList<>();
      for (int chunk = 0; chunk < 8; chunk++) {
        List<Object> rows = new ArrayList<>();
        assertThat(read(plan, kept, rows)).isEqualTo(5);
        assertThat(rows).hasSize(5);
        sessions.add(sessionOf(kept));
      }
      assertThat(sessions).as("server session of each chunk").containsOnly(sessions.get(0));

      PostgresFixture.execute("ALTER TABLE " + TABLE + " ALTER COLUMN note TYPE text");
      List<Object> rows = new ArrayList<>();

      assertThatThrownBy(() -> read(plan, kept, rows))
          .isInstanceOfSatisfying(
              RivetException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.SCHEMA_DRIFT))
          .hasMessageContaining("column 2 is now note text but was planned as note varchar");
      assertThat(rows).isEmpty();
    }
  }

  @Test
  void shouldReadTheNextChunkOnANewSessionWhenTheKeptOnesBackendWasTerminated() throws Exception {
    ExportPlan plan = plan();
    for (ReadProtocol protocol : List.of(ReadProtocol.COPY, ReadProtocol.JDBC)) {
      try (ReadConnection kept = ReadConnection.to(source())) {
        assertThat(read(plan, protocol, null, kept, new ArrayList<>())).isEqualTo(5);
        int terminated = sessionOf(kept);
        terminate(terminated);

        List<Object> rows = new ArrayList<>();
        assertThat(read(plan, protocol, null, kept, rows)).as("%s", protocol).isEqualTo(5);

        assertThat(rows)
            .as("%s", protocol)
            .containsExactlyInAnyOrder("1=n1", "2=n2", "3=n3", "4=n4", "5=n5");
        assertThat(sessionOf(kept)).as("%s", protocol).isNotEqualTo(terminated);
      }
    }
  }

  @Test
  void shouldReadTheRunsSnapshotOnTheNewSessionOfATerminatedKeptConnection() throws Exception {
    ExportPlan plan = plan();
    try (SnapshotCoordinator coordinator = SnapshotCoordinator.open(source(), plan);
        ReadConnection kept = ReadConnection.to(source())) {
      assertThat(read(plan, ReadProtocol.COPY, coordinator.snapshot(), kept, new ArrayList<>()))
          .isEqualTo(5);
      PostgresFixture.execute(
          "DELETE FROM " + TABLE + " WHERE id = 1", "INSERT INTO " + TABLE + " VALUES (6, 'n6')");
      terminate(sessionOf(kept));

      List<Object> rows = new ArrayList<>();
      assertThat(read(plan, ReadProtocol.COPY, coordinator.snapshot(), kept, rows)).isEqualTo(5);

      assertThat(rows).containsExactlyInAnyOrder("1=n1", "2=n2", "3=n3", "4=n4", "5=n5");
    }
  }

  @Test
  void shouldFailAsSourcePermanentWhenTheSnapshotEndedWithTheKeptConnection() throws Exception {
    ExportPlan plan = plan();
    try (ReadConnection kept = ReadConnection.to(source())) {
      RunSnapshot snapshot;
      try (SnapshotCoordinator coordinator = SnapshotCoordinator.open(source(), plan)) {
        snapshot = coordinator.snapshot();
        assertThat(read(plan, ReadProtocol.COPY, snapshot, kept, new ArrayList<>())).isEqualTo(5);
      }
      terminate(sessionOf(kept));

      assertThatThrownBy(() -> read(plan, ReadProtocol.COPY, snapshot, kept, new ArrayList<>()))
          .isInstanceOfSatisfying(
              RivetException.class,
              e -> assertThat(e.kind()).isEqualTo(FailureKind.SOURCE_PERMANENT))
          .hasMessageContaining("cannot import the run's snapshot " + snapshot.id());
    }
  }

  @Test
  void shouldFailTheChunkWhenItsReconnectFailsToo() throws Exception {
    String role = "rivet_kept_reconnect_test";
    PostgresFixture.execute(
        "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '"
            + role
            + "') THEN CREATE ROLE "
            + role
            + " LOGIN; END IF; END $$",
        "ALTER ROLE " + role + " LOGIN",
        "GRANT SELECT ON " + TABLE + " TO " + role);
    TestServer server = TestServers.postgres();
    SourceConnection asRole = new SourceConnection(server.url(), role, server.password());
    try (ReadConnection kept = ReadConnection.to(asRole)) {
      ExportPlan plan = plan();
      assertThat(read(plan, asRole, kept)).isEqualTo(5);
      PostgresFixture.execute("ALTER ROLE " + role + " NOLOGIN");
      terminate(sessionOf(kept));

      assertThatThrownBy(() -> read(plan, asRole, kept))
          .isInstanceOfSatisfying(
              RivetException.class,
              e -> assertThat(e.kind()).isEqualTo(FailureKind.SOURCE_PERMANENT))
          .hasMessageContaining("not permitted to log in")
          .satisfies(
              e ->
                  assertThat(e.getSuppressed())
                      .as("the lost connection's failure, kept with the reconnect's")
                      .anySatisfy(
                          lost ->
                              assertThat(((java.sql.SQLException) lost).getSQLState())
                                  .isEqualTo("57P01")));
    } finally {
      PostgresFixture.execute(
          "REVOKE ALL ON " + TABLE + " FROM " + role, "DROP ROLE IF EXISTS " + role);
    }
  }

  private static long read(ExportPlan plan, SourceConnection source, ReadConnection kept) {
    return ChunkReader.read(
        source,
        plan,
        Chunk.whole(),
        List.of(Chunk.whole()),
        ReadProtocol.COPY,
        null,
        kept,
        row -> {});
  }

  private static ExportPlan plan() throws Exception {
    return PostgresFixture.plan(
        TABLE,
        PostgresFixture.columns("SELECT * FROM " + TABLE),
        Format.CSV,
        Compression.NONE,
        InfinityPolicy.DEFAULT,
        64L * 1024 * 1024);
  }

  private static long read(ExportPlan plan, ReadConnection kept, List<Object> rows) {
    return read(plan, ReadProtocol.COPY, null, kept, rows);
  }

  private static long read(
      ExportPlan plan,
      ReadProtocol protocol,
      RunSnapshot snapshot,
      ReadConnection kept,
      List<Object> rows) {
    List<ColumnReader> columns = new ArrayList<>();
    List<ColumnType> types = TypeMapper.map(plan.columns(), plan.source());
    for (int i = 0; i < types.size(); i++) {
      columns.add(
          new ColumnReader(types.get(i), i + 1, ValuePolicies.of(plan), new WarningCounts()));
    }
    return ChunkReader.read(
        source(),
        plan,
        Chunk.whole(),
        List.of(Chunk.whole()),
        protocol,
        snapshot,
        kept,
        row -> rows.add(row.value(columns.get(0)) + "=" + row.value(columns.get(1))));
  }

  /** Terminates the backend {@code pid}, as the server's idle timeout would, and waits it out. */
  private static void terminate(int pid) throws Exception {
    try (Connection c = PostgresFixture.connect();
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT pg_terminate_backend(" + pid + ")")) {
        rs.next();
        assertThat(rs.getBoolean(1)).as("backend %s terminated", pid).isTrue();
      }
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (System.nanoTime() < deadline) {
        try (ResultSet rs =
            s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE pid = " + pid)) {
          rs.next();
          if (rs.getInt(1) == 0) {
            return;
          }
        }
        Thread.sleep(10);
      }
      throw new AssertionError("backend " + pid + " still listed 10 s after it was terminated");
    }
  }

  /** The backend of the kept connection, which stays kept. */
  private static int sessionOf(ReadConnection kept) throws Exception {
    Connection connection = kept.take();
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      int pid = rs.getInt(1);

      connection.rollback();
      kept.keep(connection);
      return pid;
    }
  }

  private static SourceConnection source() {
    TestServer server = TestServers.postgres();
    return new SourceConnection(server.url(), server.user(), server.password());
  }
}
