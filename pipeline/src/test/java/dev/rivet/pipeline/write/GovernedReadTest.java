package dev.rivet.pipeline.write;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.plan.Compression;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.Format;
import dev.rivet.kernel.plan.GovernorSettings;
import dev.rivet.kernel.plan.InfinityPolicy;
import dev.rivet.kernel.plan.LatencyThreshold;
import dev.rivet.kernel.plan.OutputSettings;
import dev.rivet.kernel.plan.ReadProtocol;
import dev.rivet.kernel.plan.SourceColumn;
import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.kernel.testing.servers.TestServer;
import dev.rivet.kernel.testing.servers.TestServers;
import dev.rivet.pipeline.read.ChunkReader;
import dev.rivet.pipeline.read.ReadProtocols;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A governed PostgreSQL read (a governor or a rate limit) goes through a cursor: the server
 * produces one fetch and then waits for the client ({@code ClientRead}), where a binary COPY would
 * run ahead of a paced client into the socket buffers and wait there ({@code ClientWrite}) with
 * megabytes produced in one burst of server CPU (docs/benchmarks.md, "Governed reads").
 */
class GovernedReadTest {
  private static final String TABLE = "gov_governed_read";
  private static final int ROWS = 20_000;

  /** 1,000 characters per row: 20 MB of rows, several times what loopback socket buffers hold. */
  private static final int PAD_REPEAT = 100;

  /**
   * Where the reader stops to look at the server: after a few fetches (at the first row the backend
   * shows the driver's catalog query for the result's metadata), with most of the rows unread.
   */
  private static final List<Integer> LOOK_AT_ROWS = List.of(2_500, 5_000);

  private static List<SourceColumn> columns;

  @TempDir Path dir;

  @BeforeAll
  static void createTable() throws Exception {
    dropTable();
    PostgresFixture.execute(
        "CREATE TABLE " + TABLE + " (id int4 PRIMARY KEY, pad text NOT NULL)",
        "INSERT INTO "
            + TABLE
            + " SELECT g, repeat(lpad(g::text, 10, '0'), "
            + PAD_REPEAT
            + ") FROM generate_series(1, "
            + ROWS
            + ") g");
    columns = PostgresFixture.columns("SELECT * FROM " + TABLE);
  }

  @AfterAll
  static void dropTable() throws Exception {
    PostgresFixture.execute("DROP TABLE IF EXISTS " + TABLE);
  }

  @Test
  void shouldReadAGovernedRunThroughACursorAndARunWithoutAGovernorThroughCopy() {
    ExportPlan free = plan(GovernorSettings.NONE);
    assertThat(ReadProtocols.protocolFor(free, ReadProtocol.AUTO)).isEqualTo(ReadProtocol.COPY);
    // An absolute latency or replica-lag ceiling alone (the fast profile's) leaves a healthy run
    // reading at full speed: COPY.
    for (GovernorSettings brake :
        List.of(
            new GovernorSettings(500, 0, 0, 0, false),
            new GovernorSettings(0, 30_000, 0, 0, false))) {
      assertThat(ReadProtocols.protocolFor(plan(brake), ReadProtocol.AUTO))
          .as(brake.toString())
          .isEqualTo(ReadProtocol.COPY);
    }
    for (GovernorSettings governed :
        List.of(
            new GovernorSettings(0, 0, 5_000, 0, false),
            new GovernorSettings(0, 0, 0, 1_000_000, false),
            GovernorSettings.NONE.withSourceLatency(LatencyThreshold.relative(1.3)),
            new GovernorSettings(0, 30_000, 0, 0, false)
                .withSourceLatency(LatencyThreshold.relative(2)))) {
      ExportPlan plan = plan(governed);
      assertThat(ReadProtocols.protocolFor(plan, ReadProtocol.AUTO))
          .as(governed.toString())
          .isEqualTo(ReadProtocol.JDBC);
      // An explicit read_protocol is the user's choice.
      assertThat(ReadProtocols.protocolFor(plan, ReadProtocol.COPY))
          .as(governed.toString())
          .isEqualTo(ReadProtocol.COPY);
    }
  }

  @Test
  void shouldReadAPlanThatYieldsToOtherSessionsThroughACursorUnlessCopyIsAskedFor() {
    ExportPlan yielding = plan(GovernorSettings.NONE).withTuning(1, List.of(), true);

    assertThat(ReadProtocols.protocolFor(yielding, ReadProtocol.AUTO)).isEqualTo(ReadProtocol.JDBC);
    assertThat(ReadProtocols.governedCursor(yielding, ReadProtocol.AUTO)).isTrue();
    assertThat(ReadProtocols.protocolFor(yielding, ReadProtocol.COPY)).isEqualTo(ReadProtocol.COPY);
    assertThat(ReadProtocols.governedCursor(plan(GovernorSettings.NONE), ReadProtocol.AUTO))
        .isFalse();
  }

  @Test
  void shouldMakeTheServerWaitForThePacedClientBetweenFetchesAndWriteEveryRowExactly()
      throws Exception {
    ExportPlan plan = plan(new GovernorSettings(0, 0, 5_000, 0, false));
    List<String> seen = new ArrayList<>();
    Path file = dir.resolve("out.csv");
    long read;
    try (Connection watcher = PostgresFixture.connect();
        ChunkFileWriter writer =
            ChunkFileWriters.open(plan, Files.newOutputStream(file), file.toString())) {
      int[] rows = {0};
      read =
          ChunkReader.read(
              source(),
              plan,
              plan.chunks().get(0),
              plan.chunks(),
              ReadProtocol.AUTO,
              row -> {
                rows[0]++;
                if (LOOK_AT_ROWS.contains(rows[0])) {
                  // A paced reader waits here; meanwhile the server should be idle, not producing.
                  seen.add(rows[0] + ": " + readerWaits(watcher));
                }
                writer.writeRow(row);
              });
      writer.finish();
    }
    assertThat(seen)
        .as("the reading backend's wait events while the client waits")
        .hasSize(LOOK_AT_ROWS.size())
        .allSatisfy(
            events ->
                assertThat(events)
                    .as("a cursor waits for the next fetch (ClientRead), never to send more")
                    .contains("ClientRead")
                    .doesNotContain("ClientWrite"));

    assertThat(read).isEqualTo(ROWS).isEqualTo(sourceCount());
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<String> expected = new ArrayList<>();
    for (int id = 1; id <= ROWS; id++) {
      expected.add("\"" + id + "\",\"" + String.format("%010d", id).repeat(PAD_REPEAT) + "\"");
    }
    assertThat(lines.subList(lines.size() - ROWS, lines.size())).isEqualTo(expected);
  }

  /** The wait events of the backend reading {@link #TABLE}, sampled for 300 ms. */
  private static List<String> readerWaits(Connection watcher) {
    List<String> events = new ArrayList<>();
    try (PreparedStatement s =
        watcher.prepareStatement(
            "SELECT coalesce(wait_event, state) FROM pg_stat_activity"
                + " WHERE pid <> pg_backend_pid() AND query LIKE ? AND query NOT LIKE ?")) {
      s.setString(1, "%" + TABLE + "%");
      s.setString(2, "%pg_stat_activity%");
      for (int i = 0; i < 15; i++) {
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            events.add(rs.getString(1));
          }
        }
        Thread.sleep(20);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return events;
  }

  private static long sourceCount() throws SQLException {
    try (Connection c = PostgresFixture.connect();
        ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM " + TABLE)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static SourceConnection source() {
    TestServer server = TestServers.postgres();
    return new SourceConnection(server.url(), server.user(), server.password());
  }

  private static ExportPlan plan(GovernorSettings governor) {
    ExportPlan base =
        PostgresFixture.plan(
            TABLE,
            columns,
            Format.CSV,
            Compression.NONE,
            InfinityPolicy.CLAMP,
            OutputSettings.DEFAULT_ROW_GROUP_BYTES);
    return new ExportPlan(
        base.runId(),
        base.export().withGovernor(governor),
        base.source(),
        base.columns(),
        base.strategy(),
        base.splitKey(),
        base.chunks(),
        1,
        -1,
        base.createdAt(),
        List.of());
  }
}
