package dev.rivet.state.postgres;

import dev.rivet.kernel.failure.CertificateRejection;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.state.StateLocation;
import dev.rivet.state.jdbc.StoreErrors;
import java.sql.SQLException;

/** What to do about a failed statement on a PostgreSQL state database, by SQLSTATE. */
final class PostgresErrors {
  private PostgresErrors() {}

  static RivetException sql(StateLocation location, String schema, String doing, SQLException e) {
    String hint =
        CertificateRejection.in(e)
            ? "the state database's certificate was not accepted: with state.tls.mode verify-ca or"
                + " verify-full, set state.tls.ca_file to the PEM file of the CA that signed it"
                + " (without ca_file the Java trust store decides); with verify-full, the state URL"
                + " must name the server by a host name or address its certificate lists"
                + " (subjectAltName), or use mode verify-ca"
            : hint(sqlState(e), schema);
    return StoreErrors.sql(location, doing, e, hint);
  }

  /** A deadlock or serialization failure: the transaction was rolled back and may be retried. */
  static boolean isRetryable(SQLException e) {
    String state = sqlState(e);
    return "40001".equals(state) || "40P01".equals(state);
  }

  private static String hint(String state, String schema) {
    if (state == null) {
      return "check that the state database is reachable (RIVET_STATE_URL, or state in the config)";
    }
    if (state.startsWith("08") || state.equals("57P01") || state.equals("57P03")) {
      return "cannot reach the state database: check the host, port and database of RIVET_STATE_URL"
          + " (or state in the config) and that PostgreSQL is up";
    }
    if (state.startsWith("28")) {
      return "the state database refused the login: check the user in the state URL and the"
          + " password (RIVET_STATE_PASSWORD, or password= in the URL)";
    }
    if (state.equals("3D000")) {
      return "the database in the state URL does not exist: create it (CREATE DATABASE), or name"
          + " another";
    }
    if (state.equals("42P01") || state.equals("42703")) {
      return "schema "
          + schema
          + " lacks a table or column this rivet uses: it was changed outside rivet; restore the"
          + " store from a backup (`rivet state import`) into a fresh schema";
    }
    if (state.equals("42501")) {
      return "the state database user lacks a privilege: it needs CREATE on the database to create"
          + " schema "
          + schema
          + " on first use (or an owner runs `rivet state init` once), then all privileges on"
          + " that schema";
    }
    return "check that the state database is reachable and that its user may read and write"
        + " schema "
        + schema;
  }

  /** The first SQLSTATE in the chain: a pool reports its driver's failure as a cause. */
  private static String sqlState(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && s.getSQLState() != null) {
        return s.getSQLState();
      }
    }
    return null;
  }
}
