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
import dev.rivet.pipeline.types.BinaryRead;
import dev.rivet.pipeline.types.ColumnReader;
import dev.rivet.pipeline.types.ColumnType;
import dev.rivet.pipeline.types.TypeMapper;
import dev.rivet.pipeline.types.ValuePolicies;
import dev.rivet.pipeline.types.WarningCounts;
import dev.rivet.pipeline.write.PostgresFixture;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A chunk read with the run's snapshot reads the table as it was when the coordinator exported it,
 * through JDBC and through binary COPY alike, however the table changed since; once the coordinator
 * has ended, a chunk cannot import it and fails as SOURCE_PERMANENT.
 */
class ChunkReaderSnapshotTest {
  private static final String TABLE = "snapshot_chunk_reader_test";

  @BeforeEach
  void createTable() throws Exception {
    PostgresFixture.execute(
        "DROP TABLE IF EXISTS " + TABLE,
        "CREATE TABLE " + TABLE + " (id bigint PRIMARY KEY, v bigint)",
        "INSERT INTO " + TABLE + " SELECT g, 0 FROM generate_series(1, 100) g");
  }

  @AfterEach
  void dropTable() throws Exception {
    PostgresFixture.execute("DROP TABLE IF EXISTS " + TABLE);
  }

  @Test
  void shouldReadTheExportedSnapshotThroughJdbcAndCopyAfterTheTableChanged() throws Exception {
    ExportPlan plan = plan();
    try (SnapshotCoordinator coordinator = SnapshotCoordinator.open(source(), plan)) {
      PostgresFixture.execute(
          "UPDATE " + TABLE + " SET v = 1",
          "DELETE FROM " + TABLE + " WHERE id <= 10",
          "INSERT INTO " + TABLE + " SELECT g, 1 FROM generate_series(101, 120) g");

      for (ReadProtocol protocol : List.of(ReadProtocol.JDBC, ReadProtocol.COPY)) {
        List<String> rows = new ArrayList<>();
        long count = read(plan, protocol, coordinator.snapshot(), rows);

        assertThat(count).as("%s", protocol).isEqualTo(100);
        assertThat(rows).as("%s", protocol).hasSize(100).allMatch(r -> r.endsWith("=0"));
        assertThat(rows).as("%s", protocol).contains("1=0", "100=0").doesNotContain("101=1");
      }
    }
    List<String> now = new ArrayList<>();
    assertThat(read(plan, ReadProtocol.JDBC, null, now)).isEqualTo(110);
    assertThat(now).allMatch(r -> r.endsWith("=1"));
  }

  @Test
  void shouldFailAsSourcePermanentOnceTheCoordinatorHasEnded() throws Exception {
    ExportPlan plan = plan();
    RunSnapshot snapshot;
    try (SnapshotCoordinator coordinator = SnapshotCoordinator.open(source(), plan)) {
      snapshot = coordinator.snapshot();
    }

    assertThatThrownBy(() -> read(plan, ReadProtocol.JDBC, snapshot, new ArrayList<>()))
        .isInstanceOfSatisfying(
            RivetException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.SOURCE_PERMANENT))
        .hasMessageContaining("cannot import the run's snapshot " + snapshot.id())
        .hasMessageContaining("chunk 0");
  }

  private static long read(
      ExportPlan plan, ReadProtocol protocol, RunSnapshot snapshot, List<String> rows) {
    List<ColumnReader> columns = new ArrayList<>();
    List<ColumnType> types = TypeMapper.map(plan.columns(), plan.source());
    for (int i = 0; i < types.size(); i++) {
      columns.add(
          new ColumnReader(types.get(i), i + 1, ValuePolicies.of(plan), new WarningCounts()));
    }
    BinaryRead.Consumer consumer =
        row -> rows.add(row.value(columns.get(0)) + "=" + row.value(columns.get(1)));
    return ChunkReader.read(
        source(), plan, Chunk.whole(), List.of(Chunk.whole()), protocol, snapshot, consumer);
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

  private static SourceConnection source() {
    TestServer server = TestServers.postgres();
    return new SourceConnection(server.url(), server.user(), server.password());
  }
}
