package dev.rivet.pipeline.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.Compression;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.Format;
import dev.rivet.kernel.plan.ReadProtocol;
import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.kernel.plan.ZeroDatePolicy;
import dev.rivet.kernel.testing.servers.TestServer;
import dev.rivet.kernel.testing.servers.TestServers;
import dev.rivet.pipeline.read.ChunkReader;
import dev.rivet.pipeline.read.ReadConnection;
import dev.rivet.pipeline.types.JdbcRow;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * On MariaDB, a reader's kept connection (binary protocol, prepared statements cached by the
 * driver) still sees a column retyped between two of its chunks as drift, however many chunks it
 * read before; and a kept connection the server killed between two chunks is replaced by the next
 * chunk, which reads every row.
 */
class MySqlReadConnectionTest {
  private static final String TABLE = "kept_read_connection";

  @BeforeEach
  void createTable() throws Exception {
    MariaDbFixture.execute(
        "DROP TABLE IF EXISTS " + TABLE,
        "CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY, note varchar(50))",
        "INSERT INTO " + TABLE + " SELECT seq, CONCAT('n', seq) FROM seq_1_to_5");
  }

  @AfterEach
  void dropTable() throws Exception {
    MariaDbFixture.execute("DROP TABLE IF EXISTS " + TABLE);
  }

  @Test
  void shouldStillSeeAColumnRetypedBetweenTwoChunksOfAKeptConnection() throws Exception {
    ExportPlan plan =
        MariaDbFixture.plan(
            TABLE,
            MariaDbFixture.columns("SELECT * FROM " + MariaDbFixture.DATABASE + "." + TABLE),
            Format.CSV,
            Compression.NONE,
            ZeroDatePolicy.DEFAULT);
    try (ReadConnection kept = ReadConnection.to(source())) {
      for (int chunk = 0; chunk < 8; chunk++) {
        List<Object> rows = new ArrayList<>();
        assertThat(read(plan, kept, rows)).isEqualTo(5);
      }
      MariaDbFixture.execute("ALTER TABLE " + TABLE + " MODIFY note text");
      List<Object> rows = new ArrayList<>();

      assertThatThrownBy(() -> read(plan, kept, rows))
          .isInstanceOfSatisfying(
              RivetException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.SCHEMA_DRIFT));
      assertThat(rows).isEmpty();
    }
  }

  @Test
  void shouldReadTheNextChunkOnANewConnectionWhenTheKeptOneWasKilled() throws Exception {
    ExportPlan plan = plan();
    try (ReadConnection kept = ReadConnection.to(source())) {
      AtomicReference<Connection> reading = new AtomicReference<>();
      assertThat(read(plan, kept, reading)).isEqualTo(5);
      long killed = connectionIdOf(reading.get());
      MariaDbFixture.execute("KILL CONNECTION " + killed);

      List<Object> rows = new ArrayList<>();
      assertThat(read(plan, kept, rows)).isEqualTo(5);

      assertThat(rows).hasSize(5);
      assertThat(read(plan, kept, reading)).isEqualTo(5);
      assertThat(connectionIdOf(reading.get())).isNotEqualTo(killed);
    }
  }

  /** Reads a chunk on {@code kept}; sets {@code reading} to the connection it read on. */
  private static long read(
      ExportPlan plan, ReadConnection kept, AtomicReference<Connection> reading) throws Exception {
    return ChunkReader.read(
        source(),
        plan,
        Chunk.whole(),
        List.of(Chunk.whole()),
        ReadProtocol.JDBC,
        null,
        kept,
        row -> reading.set(((JdbcRow) row).resultSet().getStatement().getConnection()));
  }

  /** The server's id of {@code connection}, kept idle (its transaction ended) by its reader. */
  private static long connectionIdOf(Connection connection) throws Exception {
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT CONNECTION_ID()")) {
      rs.next();
      long id = rs.getLong(1);
      connection.rollback();
      return id;
    }
  }

  private static ExportPlan plan() throws Exception {
    return MariaDbFixture.plan(
        TABLE,
        MariaDbFixture.columns("SELECT * FROM " + MariaDbFixture.DATABASE + "." + TABLE),
        Format.CSV,
        Compression.NONE,
        ZeroDatePolicy.DEFAULT);
  }

  private static long read(ExportPlan plan, ReadConnection kept, List<Object> rows) {
    return ChunkReader.read(
        source(),
        plan,
        Chunk.whole(),
        List.of(Chunk.whole()),
        ReadProtocol.JDBC,
        null,
        kept,
        rows::add);
  }

  private static SourceConnection source() {
    TestServer server = TestServers.mariaDb();
    return new SourceConnection(server.url(), server.user(), server.password());
  }
}
