package dev.rivet.planner.failure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqlErrorsTest {

  @ParameterizedTest
  @ValueSource(strings = {"08000", "08001", "08006", "08P01", "40001", "40P01", "53300", "57014"})
  void shouldClassifyConnectionLossSerializationAndCancelAsTransient(String state) {
    SQLException e = new SQLException("boom", state);

    assertThat(SqlErrors.classify(e)).isEqualTo(FailureKind.SOURCE_TRANSIENT);
    assertThat(SqlErrors.translate(e, "reading chunk 3").kind())
        .isEqualTo(FailureKind.SOURCE_TRANSIENT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"08000", "08003", "08006", "08007", "08P01", "57P01", "57P02"})
  void shouldTakeAClosedConnectionOrAnEndedSessionAsALostConnection(String state) {
    assertThat(SqlErrors.isConnectionLost(new SQLException("gone", state))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(ints = {2006, 2013, 1927})
  void shouldTakeMySqlServerGoneAwayLostOrKilledAsALostConnection(int code) {
    assertThat(SqlErrors.isConnectionLost(new SQLException("gone", "HY000", code))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"08001", "08004", "57014", "40001", "42P01", "53300"})
  void shouldNotTakeAConnectionNeverMadeOrAFailedStatementAsALostConnection(String state) {
    assertThat(SqlErrors.isConnectionLost(new SQLException("no", state))).isFalse();
    assertThat(SqlErrors.isConnectionLost(new SQLException("no", "08S01", 2003))).isFalse();
  }

  @Test
  void shouldClassifyOutOfMemoryAsMemoryWithABudgetAndHeapHint() {
    // pgjdbc's words when the client's heap ran out while it received a fetch.
    SQLException e = new SQLException("Ran out of memory retrieving query results.", "53200");

    RivetException failure = SqlErrors.translate(e, "export 'wide' chunk 0");

    assertThat(SqlErrors.classify(e)).isEqualTo(FailureKind.MEMORY);
    assertThat(failure.kind()).isEqualTo(FailureKind.MEMORY);
    assertThat(failure.getMessage())
        .isEqualTo(
            "export 'wide' chunk 0: Ran out of memory retrieving query results. [SQLSTATE 53200]");
    assertThat(failure.hint())
        .contains("batch_size_memory_mb")
        .contains("max_value_size")
        .contains("-Xmx");
  }

  @ParameterizedTest
  @ValueSource(ints = {1037, 1038})
  void shouldClassifyMySqlOutOfMemoryAsMemory(int code) {
    SQLException e = new SQLException("Out of memory", "HY001", code);

    assertThat(SqlErrors.classify(e)).isEqualTo(FailureKind.MEMORY);
    assertThat(SqlErrors.translate(e, "reading").hint()).contains("batch_size_memory_mb");
  }

  @ParameterizedTest
  @ValueSource(strings = {"08000", "08001"})
  void shouldClassifyConnectErrorsWithAHostAndPortHint(String state) {
    RivetException e =
        SqlErrors.translate(new SQLException("Connection refused.", state), "connecting");

    assertThat(e.kind()).isEqualTo(FailureKind.SOURCE_TRANSIENT);
    assertThat(e.hint()).contains("host and port").doesNotContain("lost");
  }

  @Test
  void shouldNameTheHostThatCannotBeResolvedAndKeepItTransient() {
    // As pgjdbc reports it; MariaDB Connector/J's message differs, the cause is the same.
    SQLException pgjdbc = new SQLException("The connection attempt failed.", "08001");
    pgjdbc.initCause(new UnknownHostException("db.invalid"));
    SQLException mariadb =
        new SQLNonTransientConnectionException(
            "Socket fail to connect to db.invalid. db.invalid",
            "08000",
            new UnknownHostException("db.invalid: Name or service not known"));

    for (SQLException cause : List.of(pgjdbc, mariadb)) {
      RivetException e = SqlErrors.translate(cause, "cannot connect to the source");

      assertThat(e.kind()).isEqualTo(FailureKind.SOURCE_TRANSIENT);
      assertThat(e.getMessage())
          .startsWith(
              "cannot connect to the source: host name 'db.invalid' cannot be resolved (unknown"
                  + " host) [SQLSTATE 08")
          .doesNotContain("connection attempt failed");
      assertThat(e.hint()).contains("check the host name").contains("DNS").contains("db.invalid");
    }
  }

  @Test
  void shouldTreatAServerWithoutTheTlsTheUrlRequiresAsPermanentWithATlsHint() {
    SQLException pgjdbc = new SQLException("The server does not support SSL.", "08004");
    SQLException mariadb =
        new SQLNonTransientConnectionException(
            "(conn=781) Trying to connect with ssl, but ssl not enabled in the server",
            "08000",
            -1);

    for (SQLException cause : List.of(pgjdbc, mariadb)) {
      RivetException e = SqlErrors.translate(cause, "cannot connect to the source");

      assertThat(SqlErrors.classify(cause))
          .as(cause.getMessage())
          .isEqualTo(FailureKind.SOURCE_PERMANENT);
      assertThat(e.kind()).isEqualTo(FailureKind.SOURCE_PERMANENT);
      assertThat(e.hint())
          .as(cause.getMessage())
          .containsIgnoringCase("sslmode")
          .contains("enable TLS on the server")
          .doesNotContain("host and port");
    }
  }

  @Test
  void shouldKeepMySqlTooManyConnectionsTransientThoughItsStateIsRejected() {
    SQLException e = new SQLException("Too many connections", "08004", 1040);

    assertThat(SqlErrors.classify(e)).isEqualTo(FailureKind.SOURCE_TRANSIENT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"08003", "08006", "08007"})
  void shouldTellAConnectionLostMidOperationToRunAgainRatherThanCheckTheHost(String state) {
    RivetException e =
        SqlErrors.translate(
            new SQLException("An I/O error occurred while sending to the backend.", state),
            "reading chunk 3");

    assertThat(e.kind()).isEqualTo(FailureKind.SOURCE_TRANSIENT);
    assertThat(e.hint())
        .contains("connection to the source was lost")
        .contains("--resume")
        .doesNotContain("host and port");
  }

  @ParameterizedTest
  @ValueSource(strings = {"28000", "28P01", "42501", "42000:1044", "42000:1142", "42000:1143"})
  void shouldGiveClassifyAndTranslateTheSameKind(String stateAndCode) {
    String[] parts = stateAndCode.split(":");
    SQLException e =
        new SQLException("refused", parts[0], parts.length > 1 ? Integer.parseInt(parts[1]) : 0);

    assertThat(SqlErrors.classify(e)).isEqualTo(FailureKind.SOURCE_PERMANENT);
    assertThat(SqlErrors.translate(e, "reading").kind()).isEqualTo(SqlErrors.classify(e));
  }

  @ParameterizedTest
  @ValueSource(strings = {"28000", "28P01"})
  void shouldClassifyAuthenticationFailuresAsPermanentWithPasswordHint(String state) {
    SQLException cause =
        new SQLException("FATAL: password authentication failed for user \"bob\"", state);

    RivetException e = SqlErrors.translate(cause, "cannot connect to the source as bob");

    assertThat(SqlErrors.classify(cause)).isEqualTo(FailureKind.SOURCE_PERMANENT);
    assertThat(e.kind()).isEqualTo(FailureKind.SOURCE_PERMANENT);
    assertThat(e.hint()).contains("password");
    assertThat(e.getMessage())
        .isEqualTo(
            "cannot connect to the source as bob: FATAL: password authentication failed for user"
                + " \"bob\" [SQLSTATE "
                + state
                + "]");
    assertThat(e.getCause()).isSameAs(cause);
  }

  @Test
  void shouldClassifyMissingTableAsUserConfigWithTableHint() {
    RivetException e =
        SqlErrors.translate(
            new SQLException("ERROR: relation \"public.ordrs\" does not exist", "42P01"),
            "reading the columns of table public.ordrs");

    assertThat(e.kind()).isEqualTo(FailureKind.USER_CONFIG);
    assertThat(e.getMessage()).contains("public.ordrs");
    assertThat(e.hint()).contains("table name").contains("schema");
  }

  @Test
  void shouldClassifyMissingColumnAsUserConfigWithColumnHint() {
    RivetException e =
        SqlErrors.translate(new SQLException("column \"x\" does not exist", "42703"), "q");

    assertThat(e.kind()).isEqualTo(FailureKind.USER_CONFIG);
    assertThat(e.hint()).contains("column names");
  }

  @Test
  void shouldClassifyMissingPrivilegeAsSourcePermanentWithGrantHint() {
    SQLException cause = new SQLException("permission denied", "42501");
    RivetException e = SqlErrors.translate(cause, "reading");

    assertThat(SqlErrors.classify(cause)).isEqualTo(FailureKind.SOURCE_PERMANENT);
    assertThat(e.kind()).isEqualTo(FailureKind.SOURCE_PERMANENT);
    assertThat(e.hint()).contains("GRANT SELECT");
  }

  @Test
  void shouldClassifyUnknownStatesAsPermanent() {
    assertThat(SqlErrors.classify(new SQLException("disk full", "53100")))
        .isEqualTo(FailureKind.SOURCE_PERMANENT);
    assertThat(SqlErrors.classify(new SQLException("no state")))
        .isEqualTo(FailureKind.SOURCE_PERMANENT);
  }

  @Test
  void shouldClassifyDriverTransientExceptionsWithoutStateAsTransient() {
    assertThat(SqlErrors.classify(new SQLTimeoutException("timed out")))
        .isEqualTo(FailureKind.SOURCE_TRANSIENT);
  }

  @Test
  void shouldTakeTheStateFromAChainedExceptionWhenTheOuterHasNone() {
    SQLException outer = new SQLException("batch failed");
    outer.setNextException(new SQLException("could not serialize access", "40001"));

    assertThat(SqlErrors.classify(outer)).isEqualTo(FailureKind.SOURCE_TRANSIENT);
  }

  @Test
  void shouldKeepOnlyTheFirstLineOfTheDriverMessage() {
    RivetException e =
        SqlErrors.translate(
            new SQLException("ERROR: syntax error\n  Position: 8\n  Where: x", "42601"), "q");

    assertThat(e.getMessage()).isEqualTo("q: ERROR: syntax error [SQLSTATE 42601]");
  }

  @Test
  void shouldKeepDriverDetailLinesAndPasswordsOutOfMessageAndHint() {
    // The caller's text is built from the redacted URL; only the driver's first line joins it.
    RivetException e =
        SqlErrors.translate(
            new SQLException(
                "FATAL: password authentication failed for user \"bob\"\n"
                    + "  Detail: jdbc:postgresql://db/x?password=s3cret",
                "28P01"),
            "cannot connect to the source jdbc:postgresql://db/x?password=***");

    assertThat(e.getMessage())
        .isEqualTo(
            "cannot connect to the source jdbc:postgresql://db/x?password=***: FATAL: password"
                + " authentication failed for user \"bob\" [SQLSTATE 28P01]");
    assertThat(e.getMessage() + e.hint()).doesNotContain("s3cret");
  }

  private static SQLException mysql(String message, String state, int code) {
    return new SQLException(message, state, code);
  }

  @Test
  void shouldClassifyMySqlAccessDeniedAsPermanentWithPasswordHint() {
    RivetException e =
        SqlErrors.translate(
            mysql("Access denied for user 'bob'@'10.0.0.1' (using password: YES)", "28000", 1045),
            "cannot connect to the source as bob");

    assertThat(e.kind()).isEqualTo(FailureKind.SOURCE_PERMANENT);
    assertThat(e.hint()).contains("password");
    assertThat(e.getMessage()).endsWith("(using password: YES) [SQLSTATE 28000, error 1045]");
  }

  @Test
  void shouldClassifyMySqlAccessDeniedByCodeEvenWithoutState() {
    assertThat(SqlErrors.classify(mysql("Access denied", null, 1045)))
        .isEqualTo(FailureKind.SOURCE_PERMANENT);
  }

  @ParameterizedTest
  @ValueSource(ints = {1044, 1142, 1143})
  void shouldClassifyMySqlMissingPrivilegesAsSourcePermanentWithGrantHint(int code) {
    SQLException cause = mysql("SELECT command denied to user", "42000", code);
    RivetException e = SqlErrors.translate(cause, "reading");

    assertThat(SqlErrors.classify(cause)).isEqualTo(FailureKind.SOURCE_PERMANENT);
    assertThat(e.kind()).isEqualTo(FailureKind.SOURCE_PERMANENT);
    assertThat(e.hint()).contains("GRANT SELECT ON db.table TO");
  }

  @Test
  void shouldClassifyMySqlMissingTableAsUserConfigWithTableHint() {
    RivetException e =
        SqlErrors.translate(
            mysql("Table 'shop.ordrs' doesn't exist", "42S02", 1146),
            "reading the columns of table shop.ordrs");

    assertThat(e.kind()).isEqualTo(FailureKind.USER_CONFIG);
    assertThat(e.getMessage()).contains("shop.ordrs").contains("[SQLSTATE 42S02, error 1146]");
    assertThat(e.hint()).contains("table name").contains("database");
  }

  @Test
  void shouldClassifyMySqlMissingColumnAsUserConfigWithColumnHint() {
    RivetException e =
        SqlErrors.translate(mysql("Unknown column 'x' in 'field list'", "42S22", 1054), "q");

    assertThat(e.kind()).isEqualTo(FailureKind.USER_CONFIG);
    assertThat(e.hint()).contains("column names");
  }

  @Test
  void shouldClassifyMySqlUnknownDatabaseAsPermanentWithDatabaseHint() {
    RivetException e =
        SqlErrors.translate(mysql("Unknown database 'shp'", "42000", 1049), "connecting");

    assertThat(e.kind()).isEqualTo(FailureKind.SOURCE_PERMANENT);
    assertThat(e.hint()).contains("source.database");
  }

  @Test
  void shouldClassifyMySqlNoDatabaseSelectedAsUserConfig() {
    RivetException e = SqlErrors.translate(mysql("No database selected", "3D000", 1046), "reading");

    assertThat(e.kind()).isEqualTo(FailureKind.USER_CONFIG);
    assertThat(e.hint()).contains("database.table");
  }

  @ParameterizedTest
  @ValueSource(ints = {2002, 2003})
  void shouldClassifyMySqlCannotConnectAsTransientWithHostHint(int code) {
    RivetException e =
        SqlErrors.translate(mysql("Can't connect to MySQL server", "HY000", code), "connecting");

    assertThat(e.kind()).isEqualTo(FailureKind.SOURCE_TRANSIENT);
    assertThat(e.hint()).contains("host and port");
  }

  @ParameterizedTest
  @ValueSource(ints = {2006, 2013, 1927})
  void shouldClassifyMySqlLostConnectionsAsTransient(int code) {
    RivetException e =
        SqlErrors.translate(mysql("Lost connection to server", "HY000", code), "reading chunk 3");

    assertThat(e.kind()).isEqualTo(FailureKind.SOURCE_TRANSIENT);
    assertThat(e.hint()).contains("connection to the source was lost");
  }

  @ParameterizedTest
  @ValueSource(ints = {1205, 1213, 1040, 1317})
  void shouldClassifyMySqlLockWaitsDeadlocksAndInterruptsAsTransient(int code) {
    RivetException e = SqlErrors.translate(mysql("busy", "HY000", code), "reading chunk 3");

    assertThat(e.kind()).isEqualTo(FailureKind.SOURCE_TRANSIENT);
    assertThat(e.hint()).contains("run again");
  }

  @ParameterizedTest
  @ValueSource(ints = {3024, 1969})
  void shouldClassifyStatementTimeLimitsAsTransientSuggestingSmallerChunks(int code) {
    RivetException e =
        SqlErrors.translate(mysql("maximum statement execution time exceeded", "HY000", code), "r");

    assertThat(e.kind()).isEqualTo(FailureKind.SOURCE_TRANSIENT);
    assertThat(e.hint()).contains("chunk_rows");
  }

  @ParameterizedTest
  @ValueSource(ints = {3024, 1969})
  void shouldRecognizeMySqlAndMariaDbStatementTimeLimitsAsStatementTimeouts(int code) {
    SQLException timeout = mysql("Query execution was interrupted", "70100", code);

    assertThat(SqlErrors.isStatementTimeout(timeout)).isTrue();
    assertThat(SqlErrors.isStatementTimeout(SqlErrors.translate(timeout, "reading chunk 3")))
        .as("found through the cause of the translated failure")
        .isTrue();
  }

  @Test
  void shouldTellAPostgresStatementTimeoutFromACancelRequest() {
    SQLException timeout =
        new SQLException("ERROR: canceling statement due to statement timeout", "57014");
    SQLException cancel =
        new SQLException("ERROR: canceling statement due to user request", "57014");

    assertThat(SqlErrors.isStatementTimeout(timeout)).isTrue();
    assertThat(SqlErrors.translate(timeout, "r").hint()).contains("statement_timeout");
    assertThat(SqlErrors.isStatementTimeout(cancel)).isFalse();
    assertThat(SqlErrors.classify(cancel)).isEqualTo(FailureKind.SOURCE_TRANSIENT);
  }

  @Test
  void shouldNotTakeOtherInterruptsOrLockTimeoutsForStatementTimeouts() {
    assertThat(SqlErrors.isStatementTimeout(mysql("interrupted", "70100", 1317))).isFalse();
    assertThat(
            SqlErrors.isStatementTimeout(
                new SQLException("canceling statement due to lock timeout", "55P03")))
        .isFalse();
    assertThat(SqlErrors.isStatementTimeout(new RuntimeException("no SQL cause"))).isFalse();
  }

  @Test
  void shouldLeaveUnknownMySqlCodesToTheirState() {
    assertThat(SqlErrors.classify(mysql("syntax", "42000", 1064)))
        .isEqualTo(FailureKind.USER_CONFIG);
    assertThat(SqlErrors.classify(mysql("disk full", "HY000", 1021)))
        .isEqualTo(FailureKind.SOURCE_PERMANENT);
  }
}
