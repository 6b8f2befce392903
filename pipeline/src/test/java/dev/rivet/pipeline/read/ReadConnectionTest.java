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
 * prepared on the server for an earlier chunk).
 */
class ReadConnectionTest {
  private static final String TABLE = "rivet_read_connection_test";

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

  private static long read(ExportPlan plan, ReadConnection kept, List<Object> rows) {
    return ChunkReader.read(
        source(),
        plan,
        Chunk.whole(),
        List.of(Chunk.whole()),
        ReadProtocol.COPY,
        null,
        kept,
        rows::add);
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
