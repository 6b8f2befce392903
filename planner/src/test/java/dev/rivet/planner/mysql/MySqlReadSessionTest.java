package dev.rivet.planner.mysql;

import static dev.rivet.planner.TestMySql.DATABASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.rivet.planner.TestMySql;
import dev.rivet.planner.connect.SourceConnector;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A MariaDB chunk read session: UTC, read-only, one consistent snapshot, streamed rows. */
class MySqlReadSessionTest {
  private static final MySqlDialect MYSQL = new MySqlDialect();
  private static final String EVENTS = DATABASE + ".session_events";
  private static final String STREAM = DATABASE + ".session_stream";

  @BeforeAll
  static void createTables() throws SQLException {
    TestMySql.execute(
        "DROP TABLE IF EXISTS " + EVENTS + ", " + STREAM,
        "CREATE TABLE "
            + EVENTS
            + " (id INT PRIMARY KEY, at TIMESTAMP NULL, d DATE NULL,"
            + " dt DATETIME(3) NULL)",
        "CREATE TABLE " + STREAM + " (id INT PRIMARY KEY)",
        "SET SESSION time_zone = '+02:00'",
        "INSERT INTO "
            + EVENTS
            + " VALUES (1, '2020-06-01 12:00:00', '0000-00-00', '0000-00-00 00:00:00'),"
            + " (2, '2020-03-29 03:30:00', '2020-00-15', '2020-01-02 03:04:05.600')");
    TestMySql.insert("session_stream", "id", LongStream.rangeClosed(1, 200_000));
  }

  @AfterAll
  static void dropTables() throws SQLException {
    TestMySql.dropTables("session_events", "session_stream");
  }

  private static Connection readSession() throws SQLException {
    Connection connection = SourceConnector.openForChunks(TestMySql.source());
    MYSQL.prepareReadSession(connection);
    return connection;
  }

  /** Chunk reads use the binary protocol: the server prepares the statement itself. */
  @Test
  void shouldPrepareChunkStatementsOnTheServer() throws SQLException {
    try (Connection connection = readSession()) {
      long prepared = sessionStatus(connection, "Com_stmt_prepare");
      long executed = sessionStatus(connection, "Com_stmt_execute");
      try (PreparedStatement statement =
          connection.prepareStatement("SELECT id FROM " + STREAM + " WHERE id <= ?")) {
        statement.setInt(1, 3);
        try (ResultSet rs = statement.executeQuery()) {
          int rows = 0;
          while (rs.next()) {
            rows++;
          }
          assertThat(rows).isEqualTo(3);
        }
      }
      assertThat(sessionStatus(connection, "Com_stmt_prepare")).isEqualTo(prepared + 1);
      assertThat(sessionStatus(connection, "Com_stmt_execute")).isEqualTo(executed + 1);
      connection.rollback();
    }
  }

  private static long sessionStatus(Connection connection, String name) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SHOW SESSION STATUS LIKE '" + name + "'")) {
      assertThat(rs.next()).isTrue();
      return rs.getLong(2);
    }
  }

  @Test
  void shouldShowTimestampsInUtcWhateverZoneTheyWereWrittenIn() throws SQLException {
    try (Connection connection = readSession();
        Statement s = connection.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT @@session.time_zone, at FROM " + EVENTS + " ORDER BY id")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("+00:00");
      assertThat(rs.getString(2)).isEqualTo("2020-06-01 10:00:00");
      rs.next();
      assertThat(rs.getString(2)).isEqualTo("2020-03-29 01:30:00");
    }
  }

  @Test
  void shouldShowZeroAndPartialDatesAsTheServerWritesThem() throws SQLException {
    try (Connection connection = readSession();
        Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT d, dt FROM " + EVENTS + " ORDER BY id")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("0000-00-00");
      assertThat(rs.getString(2)).isEqualTo("0000-00-00 00:00:00.000");
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("2020-00-15");
      // A real date-time comes back reformatted with six fraction digits, a zero one verbatim.
      assertThat(rs.getString(2)).isEqualTo("2020-01-02 03:04:05.600000");
    }
  }

  @Test
  void shouldRefuseWritesInsideTheReadTransaction() throws SQLException {
    try (Connection connection = readSession();
        Statement s = connection.createStatement()) {
      SQLException e =
          catchThrowableOfType(
              SQLException.class, () -> s.execute("INSERT INTO " + EVENTS + " (id) VALUES (3)"));

      assertThat(e.getErrorCode()).isEqualTo(1792);
    }
  }

  @Test
  void shouldKeepOneSnapshotForTheWholeChunkWhileOthersWrite() throws SQLException {
    try (Connection connection = readSession();
        Statement s = connection.createStatement()) {
      long before = count(s);
      TestMySql.execute("INSERT INTO " + EVENTS + " (id) VALUES (4)");
      try {
        assertThat(count(s)).isEqualTo(before);
      } finally {
        TestMySql.execute("DELETE FROM " + EVENTS + " WHERE id = 4");
      }
    }
  }

  private static long count(Statement s) throws SQLException {
    try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + EVENTS)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void shouldStreamRowsWhileTheServerIsStillSendingThem() throws SQLException {
    // 200 000 rows of 1 KB: far more than socket buffers hold, so a buffering driver would only
    // return from executeQuery after the server finished the statement.
    try (Connection connection = readSession();
        PreparedStatement ps =
            connection.prepareStatement("SELECT id, REPEAT('x', 1000) FROM " + STREAM)) {
      long connectionId = connectionId(connection);
      MYSQL.configureStatement(ps, 1000);
      long rows = 0;
      try (ResultSet rs = ps.executeQuery()) {
        while (rows < 10 && rs.next()) {
          rows++;
        }
        assertThat(
                TestMySql.queryString(
                    "SELECT COMMAND FROM information_schema.PROCESSLIST WHERE ID = "
                        + connectionId))
            .as("the reading session is still running its (server-side prepared) statement")
            .isEqualTo("Execute");
        while (rs.next()) {
          rows++;
        }
      }
      assertThat(rows).isEqualTo(200_000);
      connection.rollback();
    }
  }

  private static long connectionId(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT CONNECTION_ID()")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
