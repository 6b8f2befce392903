package dev.rivet.planner.failure;

import dev.rivet.kernel.failure.CertificateRejection;
import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.Optional;
import java.util.Set;

/**
 * The one place SQL errors are classified into {@link FailureKind}s and turned into messages with a
 * hint. Classification is by MySQL/MariaDB error code when the driver reports one, else by SQLSTATE
 * (PostgreSQL and the SQL standard). {@link #classify} is the one decision on the kind; {@link
 * #translate} only adds a hint to it.
 */
public final class SqlErrors {
  // Server and client codes of MySQL and MariaDB (pgjdbc always reports error code 0).
  private static final int ACCESS_DENIED = 1045;
  private static final Set<Integer> NO_PRIVILEGE = Set.of(1044, 1142, 1143);
  private static final int NO_SUCH_TABLE = 1146;
  private static final int NO_SUCH_COLUMN = 1054;
  private static final int NO_SUCH_DATABASE = 1049;
  private static final int NO_DATABASE_SELECTED = 1046;
  private static final Set<Integer> CANNOT_CONNECT = Set.of(2002, 2003);
  private static final Set<Integer> CONNECTION_LOST = Set.of(2006, 2013, 1927);
  // Class 08 states of a connection that was open and went away (08003 does not exist, 08006
  // connection failure, 08007 transaction resolution unknown); the rest of class 08, 08001 and
  // 08004
  // included, is a connection that could not be made.
  private static final Set<String> CONNECTION_LOST_STATES = Set.of("08003", "08006", "08007");
  // PostgreSQL's admin_shutdown (pg_terminate_backend, a fast shutdown) and crash_shutdown: the
  // server ended the session, and reports it on the session's next statement.
  private static final Set<String> SESSION_ENDED_STATES = Set.of("57P01", "57P02");
  // Class 08 states of a connection that could not be made (it never was open).
  private static final Set<String> CANNOT_CONNECT_STATES = Set.of("08001", "08004");
  private static final String INSUFFICIENT_PRIVILEGE = "42501";
  // 3024: MySQL max_execution_time; 1969: MariaDB max_statement_time.
  private static final Set<Integer> STATEMENT_TIME_LIMIT = Set.of(3024, 1969);
  // PostgreSQL reports a statement_timeout and a cancel request alike, as query_canceled;
  // only the server's message (English unless lc_messages says otherwise) tells them apart.
  private static final String QUERY_CANCELED = "57014";
  private static final String STATEMENT_TIMEOUT_MESSAGE = "statement timeout";
  // Lock wait timeout, deadlock, too many connections, query interrupted.
  private static final Set<Integer> BUSY = Set.of(1205, 1213, 1040, 1317);
  // The server turned the connection down before login, for a reason retrying cannot change:
  // pgjdbc reports it when the server does not support SSL and sslmode requires it, when the
  // server asks for a password and none was given, or when the authentication method is not the
  // one required; MySQL when the client cannot do the server's authentication protocol. (MySQL's
  // "too many connections" also has this state, but its code 1040 is BUSY, classified first.)
  private static final String CONNECTION_REJECTED = "08004";
  // MariaDB Connector/J reports a server without TLS, when sslMode asks for it, as a plain 08000
  // with no error code; only its own message (fixed English text written by the client, not the
  // server) tells it apart from an unreachable server.
  private static final String TLS_NOT_ENABLED_MESSAGE = "ssl not enabled in the server";
  // The drivers' reports of a verify-full host-name mismatch (08006, no SSL exception as the
  // cause): pgjdbc's, then MariaDB Connector/J's; a certificate no trusted CA signed comes as an
  // SSLHandshakeException.
  // PostgreSQL's out_of_memory, which pgjdbc also reports when the client's heap ran out while it
  // received a fetch ("Ran out of memory retrieving query results"): the same read runs out again.
  private static final String OUT_OF_MEMORY = "53200";
  // PostgreSQL's login refusals (English server text; used for hints only, not to classify):
  // pg_hba.conf's clientcert without a certificate, and a hostssl-only user without TLS.
  private static final String CLIENT_CERTIFICATE_REQUIRED = "requires a valid client certificate";
  private static final String NO_ENCRYPTION = ", no encryption";
  // MySQL/MariaDB's out of memory and out of sort memory.
  private static final Set<Integer> SERVER_OUT_OF_MEMORY = Set.of(1037, 1038);

  private SqlErrors() {}

  /**
   * Whether the source cancelled the statement because it ran past a time limit: PostgreSQL's
   * {@code statement_timeout}, MySQL's {@code max_execution_time} or MariaDB's {@code
   * max_statement_time}. Such a failure is also {@link FailureKind#SOURCE_TRANSIENT}; a shorter
   * statement may pass where the same one would fail again.
   */
  public static boolean isStatementTimeout(SQLException e) {
    if (STATEMENT_TIME_LIMIT.contains(vendorCode(e))) {
      return true;
    }
    for (SQLException cur = e; cur != null; cur = cur.getNextException()) {
      if (QUERY_CANCELED.equals(cur.getSQLState())
          && cur.getMessage() != null
          && cur.getMessage().contains(STATEMENT_TIMEOUT_MESSAGE)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code failure} or one of its causes is a {@linkplain #isStatementTimeout timeout}. */
  public static boolean isStatementTimeout(Throwable failure) {
    for (Throwable cur = failure; cur != null; cur = cur.getCause()) {
      if (cur instanceof SQLException sql && isStatementTimeout(sql)) {
        return true;
      }
    }
    return false;
  }

  /** What to do about statements that run past the source's time limit. */
  public static String statementTimeoutHint() {
    return "a statement ran past the server's statement_timeout (PostgreSQL), max_execution_time"
        + " (MySQL) or max_statement_time (MariaDB); raise the limit for the Rivet user, or lower"
        + " chunk_rows so each chunk query is shorter";
  }

  /** What to do when reading ran out of memory, on this side or the source's. */
  public static String outOfMemoryHint() {
    return "each reader fetches rows up to its memory budget: lower batch_size_memory_mb (or"
        + " parallelism) so fewer rows are held at once, set max_value_size to refuse single"
        + " values too large to hold, or give the JVM more heap (-Xmx, JAVA_OPTS); when the source"
        + " ran out of memory, ask its administrator";
  }

  /**
   * Whether {@code e} says the connection itself is gone, not the statement: the server closed or
   * ended the session (PostgreSQL's {@code pg_terminate_backend} or a shutdown, MariaDB's {@code
   * KILL}, an idle timeout, a restart) or the client found its socket or connection closed. A
   * connection that could not be made at all is not lost (SQLSTATE 08001, 08004, or MySQL's "can't
   * connect").
   */
  public static boolean isConnectionLost(SQLException e) {
    if (CONNECTION_LOST.contains(vendorCode(e))) {
      return true;
    }
    String state = sqlState(e);
    return CONNECTION_LOST_STATES.contains(state)
        || SESSION_ENDED_STATES.contains(state)
        || (state.startsWith("08")
            && !CANNOT_CONNECT_STATES.contains(state)
            && !CANNOT_CONNECT.contains(vendorCode(e)));
  }

  /**
   * The kind of the failure: transient when running the same statement again may succeed; permanent
   * when the source refuses for good (authentication, a missing privilege or database, a server
   * without the TLS the URL requires: only a change on the source or in the URL helps); user config
   * when the export names something wrong; memory when the client or the server ran out of it.
   */
  public static FailureKind classify(SQLException e) {
    int code = vendorCode(e);
    if (code == ACCESS_DENIED || code == NO_SUCH_DATABASE || NO_PRIVILEGE.contains(code)) {
      return FailureKind.SOURCE_PERMANENT;
    }
    if (code == NO_SUCH_TABLE || code == NO_SUCH_COLUMN || code == NO_DATABASE_SELECTED) {
      return FailureKind.USER_CONFIG;
    }
    if (SERVER_OUT_OF_MEMORY.contains(code)) {
      return FailureKind.MEMORY;
    }
    if (CANNOT_CONNECT.contains(code)
        || CONNECTION_LOST.contains(code)
        || STATEMENT_TIME_LIMIT.contains(code)
        || BUSY.contains(code)) {
      return FailureKind.SOURCE_TRANSIENT;
    }
    String state = sqlState(e);
    if (state.equals(OUT_OF_MEMORY)) {
      return FailureKind.MEMORY;
    }
    if (state.startsWith("28")
        || state.equals(INSUFFICIENT_PRIVILEGE)
        || state.equals(CONNECTION_REJECTED)
        || isTlsNotEnabled(e)
        || isCertificateRejected(e)) {
      return FailureKind.SOURCE_PERMANENT;
    }
    if (e instanceof SQLTransientException) {
      return FailureKind.SOURCE_TRANSIENT;
    }
    // The rest of class 08 is transient, an unknown host included: Java reports a name that does
    // not exist and a DNS server that did not answer in time alike (UnknownHostException), and
    // the latter passes.
    if (state.startsWith("08")
        || state.equals("40001")
        || state.equals("40P01")
        || state.equals("53300")
        || state.equals("57P01")
        || state.equals("57P03")
        || state.equals(QUERY_CANCELED)) {
      return FailureKind.SOURCE_TRANSIENT;
    }
    if (state.startsWith("42") || state.startsWith("22")) {
      return FailureKind.USER_CONFIG;
    }
    return FailureKind.SOURCE_PERMANENT;
  }

  /**
   * Wraps a source error in a {@link RivetException} of the kind {@link #classify} says, with a
   * cause line and a hint.
   *
   * @param doing what Rivet was doing, e.g. {@code "reading table public.orders"}
   */
  public static RivetException translate(SQLException e, String doing) {
    String state = sqlState(e);
    int code = vendorCode(e);
    Optional<String> unknownHost = unknownHost(e);
    // The drivers' own words hide the host: "The connection attempt failed."
    String detail =
        unknownHost
            .map(host -> "host name '" + host + "' cannot be resolved (unknown host)")
            .orElse(firstLine(e.getMessage()));
    final FailureKind kind = classify(e);
    String hint;
    if (unknownHost.isPresent()) {
      hint =
          "check the host name in source.url (or source.host) and this machine's DNS (resolver,"
              + " VPN, /etc/hosts): '"
              + unknownHost.get()
              + "' does not resolve from here";
    } else if (isCertificateRejected(e)) {
      hint =
          "the server's certificate was not accepted: with source.tls.mode verify-ca or"
              + " verify-full, set source.tls.ca_file to the PEM file of the CA that signed it"
              + " (without ca_file the Java trust store decides); with verify-full, source.url must"
              + " name the server by a host name or address its certificate lists"
              + " (subjectAltName), or use mode verify-ca";
    } else if (isTlsNotEnabled(e)) {
      hint =
          "the server does not accept TLS connections: enable TLS on the server (MariaDB: ssl_cert"
              + " and ssl_key), or, where the network may carry the data in clear, set an sslMode"
              + " without TLS in source.url (sslMode=disable)";
    } else if (state.equals(CONNECTION_REJECTED)) {
      hint =
          "the server turned the connection down before login, as the message says; when it does"
              + " not support SSL, enable TLS on the server (PostgreSQL: ssl = on) or set an"
              + " sslmode it allows in source.url (prefer, or disable where the network may carry"
              + " the data in clear); when it asks for a password, set source.password_env or"
              + " source.password_file";
    } else if (state.startsWith("28") && messageContains(e, CLIENT_CERTIFICATE_REQUIRED)) {
      hint =
          "the server requires a client certificate for this user: set source.tls.client_cert_file"
              + " and source.tls.client_key_file";
    } else if (state.startsWith("28") && messageContains(e, NO_ENCRYPTION)) {
      hint =
          "the server takes this user only over TLS: set source.tls.mode to verify-full (or"
              + " require, verify-ca)";
    } else if (state.startsWith("28") || code == ACCESS_DENIED) {
      hint =
          "check source.user and the password (source.password_env or source.password_file);"
              + " the server rejected them";
    } else if (code == NO_DATABASE_SELECTED) {
      hint =
          "name the database in source.url (mysql://user@host:3306/database) or source.database,"
              + " or write the table as database.table";
    } else if (state.equals("3D000") || code == NO_SUCH_DATABASE) {
      hint =
          "check source.database (or the database in source.url); it does not exist on the server";
    } else if (CONNECTION_LOST.contains(code) || CONNECTION_LOST_STATES.contains(state)) {
      hint =
          "the connection to the source was lost; run again (--resume re-reads only missing"
              + " chunks)";
    } else if (state.startsWith("08") || CANNOT_CONNECT.contains(code)) {
      hint =
          "check source host and port, that the server is running and accepts TCP connections"
              + " from this machine";
    } else if (state.equals(OUT_OF_MEMORY) || SERVER_OUT_OF_MEMORY.contains(code)) {
      hint = outOfMemoryHint();
    } else if (isStatementTimeout(e)) {
      hint = statementTimeoutHint();
    } else if (state.equals("42P01") || code == NO_SUCH_TABLE) {
      hint =
          "check the table name and schema in the export (schema.table; on MySQL and MariaDB the"
              + " schema is the database); it does not exist";
    } else if (state.equals("42703") || code == NO_SUCH_COLUMN) {
      hint = "check the column names in the export's query against the table";
    } else if (state.equals(INSUFFICIENT_PRIVILEGE) || NO_PRIVILEGE.contains(code)) {
      hint =
          "grant the source user SELECT on the table (PostgreSQL: GRANT SELECT ON schema.table TO"
              + " user; MySQL/MariaDB: GRANT SELECT ON db.table TO 'user'@'host')";
    } else if (state.startsWith("42")) {
      hint = "check the SQL of the export's query";
    } else if (kind == FailureKind.SOURCE_TRANSIENT) {
      hint =
          "the source failed transiently; run again (later: --resume re-reads only missing chunks)";
    } else {
      hint = "";
    }
    return new RivetException(kind, doing + ": " + detail + suffix(state, code), hint, e);
  }

  /** The host name that did not resolve, from an {@link UnknownHostException} among the causes. */
  private static Optional<String> unknownHost(SQLException e) {
    for (SQLException sql = e; sql != null; sql = sql.getNextException()) {
      for (Throwable cur = sql; cur != null; cur = cur.getCause()) {
        if (cur instanceof UnknownHostException unknown && unknown.getMessage() != null) {
          // "db.invalid", or "db.invalid: Name or service not known" from the system resolver.
          String message = unknown.getMessage();
          int colon = message.indexOf(": ");
          return Optional.of(colon < 0 ? message : message.substring(0, colon));
        }
        if (cur.getCause() == cur) {
          break;
        }
      }
    }
    return Optional.empty();
  }

  /** MariaDB Connector/J's report of a server without TLS; see {@link #TLS_NOT_ENABLED_MESSAGE}. */
  private static boolean isTlsNotEnabled(SQLException e) {
    for (SQLException cur = e; cur != null; cur = cur.getNextException()) {
      if (cur.getMessage() != null && cur.getMessage().contains(TLS_NOT_ENABLED_MESSAGE)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the TLS handshake failed on the server's certificate (no trusted CA signed it, or it
   * does not name the host): the same certificate fails again.
   */
  public static boolean isCertificateRejected(SQLException e) {
    return CertificateRejection.in(e);
  }

  private static boolean messageContains(SQLException e, String text) {
    return e.getMessage() != null && e.getMessage().contains(text);
  }

  private static String suffix(String state, int code) {
    if (state.isEmpty() && code == 0) {
      return "";
    }
    if (code == 0) {
      return " [SQLSTATE " + state + "]";
    }
    return state.isEmpty()
        ? " [error " + code + "]"
        : " [SQLSTATE " + state + ", error " + code + "]";
  }

  private static String sqlState(SQLException e) {
    for (SQLException cur = e; cur != null; cur = cur.getNextException()) {
      if (cur.getSQLState() != null) {
        return cur.getSQLState();
      }
    }
    return "";
  }

  /** The first non-zero vendor error code in the chain; 0 when there is none. */
  private static int vendorCode(SQLException e) {
    for (SQLException cur = e; cur != null; cur = cur.getNextException()) {
      if (cur.getErrorCode() > 0) {
        return cur.getErrorCode();
      }
    }
    return 0;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    int nl = message.indexOf('\n');
    return (nl < 0 ? message : message.substring(0, nl)).strip();
  }
}
