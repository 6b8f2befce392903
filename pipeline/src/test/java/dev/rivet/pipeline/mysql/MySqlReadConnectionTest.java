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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * On MariaDB, a reader's kept connection (binary protocol, prepared statements cached by the
 * driver) still sees a column retyped between two of its chunks as drift, however many chunks it
 * read before.
 */
class MySqlReadConnectionTest {
  private static final String TABLE = "read_connection";

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
