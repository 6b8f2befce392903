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
import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.kernel.testing.servers.TestServer;
import dev.rivet.kernel.testing.servers.TestServers;
import dev.rivet.pipeline.write.PostgresFixture;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A chunk never reads columns other than the planned ones: a changed source fails the chunk. */
class ChunkReaderSchemaTest {
  private static final String TABLE = "rivet_chunk_schema_test";

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
  void shouldReadEveryRowWhileTheColumnsAreThePlannedOnes() throws Exception {
    ExportPlan plan = plan();
    List<Long> ids = new ArrayList<>();

    long rows = ChunkReader.read(source(), plan, Chunk.whole(), rs -> ids.add(rs.getLong(1)));

    assertThat(rows).isEqualTo(5);
    assertThat(ids).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L);
  }

  @Test
  void shouldFailTheChunkWhenAPlannedColumnWasRetypedSincePlanning() throws Exception {
    ExportPlan plan = plan();
    PostgresFixture.execute("ALTER TABLE " + TABLE + " ALTER COLUMN note TYPE text");
    List<Long> ids = new ArrayList<>();

    assertThatThrownBy(
            () -> ChunkReader.read(source(), plan, Chunk.whole(), rs -> ids.add(rs.getLong(1))))
        .isInstanceOfSatisfying(
            RivetException.class, e -> assertThat(e.kind()).isEqualTo(FailureKind.SCHEMA_DRIFT))
        .hasMessageContaining("column 2 is now note text but was planned as note varchar")
        .hasMessageContaining("one run never publishes files of two schemas");
    assertThat(ids).isEmpty();
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
