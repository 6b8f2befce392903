package dev.rivet.state.jdbc;

import static dev.rivet.state.jdbc.Statements.query;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.secret.Redaction;
import dev.rivet.state.Lease;
import dev.rivet.state.StateLocation;
import dev.rivet.state.dump.DumpColumn;
import dev.rivet.state.dump.DumpCounts;
import dev.rivet.state.dump.DumpHeader;
import dev.rivet.state.dump.DumpReader;
import dev.rivet.state.dump.DumpRow;
import dev.rivet.state.dump.DumpTable;
import dev.rivet.state.dump.DumpWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes every dumped table of a store to a {@link DumpWriter}, and loads a {@link DumpReader} into
 * a store that may take it ({@link DumpLoader} checks and inserts the rows), inside the caller's
 * transaction. Rows stream through: neither holds a whole store in memory.
 */
final class StoreDump {
  private static final int FETCH_SIZE = 500;

  private final StateLocation location;
  private final StoreDialect dialect;
  private final LeaseTable leases;

  StoreDump(StateLocation location, StoreDialect dialect, LeaseTable leases) {
    this.location = location;
    this.dialect = dialect;
    this.leases = leases;
  }

  DumpCounts write(Connection c, DumpHeader header, DumpWriter out) throws SQLException {
    DumpCounts counts = new DumpCounts();
    out.header(header);
    for (DumpTable table : DumpTable.values()) {
      out.table(table);
      try (PreparedStatement select =
          c.prepareStatement(
              "SELECT "
                  + table.columnList()
                  + " FROM "
                  + table.tableName()
                  + " ORDER BY "
                  + order(table))) {
        select.setFetchSize(FETCH_SIZE);
        try (ResultSet rs = select.executeQuery()) {
          while (rs.next()) {
            out.row(row(table, rs));
            counts.add(table);
          }
        }
      }
    }
    out.finish();
    return counts;
  }

  /**
   * Loads every row of {@code in} after checking that the store may take them.
   *
   * @throws RivetException of kind {@code USER_CONFIG} when the store holds anything and {@code
   *     replace} is false, or a row is not valid; of kind {@code STATE} when an unexpired lease
   *     shows a rivet is using the store
   */
  DumpCounts load(Connection c, DumpReader in, boolean replace) throws SQLException {
    requireNoLiveLease(c);
    Map<String, Long> held = rowCounts(c);
    if (!replace && held.values().stream().anyMatch(n -> n > 0)) {
      throw new RivetException(
          FailureKind.USER_CONFIG,
          "state store "
              + location.redacted()
              + " is not empty: it holds "
              + held.entrySet().stream()
                  .filter(e -> e.getValue() > 0)
                  .map(e -> e.getValue() + " " + e.getKey() + " row(s)")
                  .collect(Collectors.joining(", "))
              + "; nothing was imported",
          "import into a new store, or add --replace to delete everything it holds and load "
              + in.name()
              + " instead, in one transaction");
    }
    Map<String, Long> tokens = replace ? tokens(c) : Map.of();
    if (replace) {
      for (String table : StateTables.ALL) {
        Statements.update(c, "DELETE FROM " + table);
      }
    }
    DumpLoader loader = new DumpLoader(c, dialect, tokens);
    for (DumpRow row = in.next(); row != null; row = in.next()) {
      loader.add(row);
    }
    return loader.finish();
  }

  private String order(DumpTable table) {
    return table == DumpTable.RUNS
        ? "created_at, " + dialect.insertionOrder()
        : String.join(", ", table.key());
  }

  private DumpRow row(DumpTable table, ResultSet rs) throws SQLException {
    List<Object> values = new ArrayList<>();
    for (DumpColumn column : table.columns()) {
      switch (column.type()) {
        case INTEGER:
          long number = rs.getLong(column.name());
          values.add(rs.wasNull() ? null : number);
          break;
        case INSTANT:
          values.add(dialect.instant(rs, column.name()));
          break;
        default:
          String text = rs.getString(column.name());
          // As stored messages are printed: masked, should one predate masking on write.
          values.add(
              text != null && column.name().equals("error_message")
                  ? Redaction.maskUrlCredentials(text)
                  : text);
      }
    }
    return new DumpRow(table, values, "");
  }

  private void requireNoLiveLease(Connection c) throws SQLException {
    Instant now = dialect.leaseClock(c);
    for (Lease lease : leases.all(c)) {
      if (!lease.isExpiredAt(now)) {
        throw new RivetException(
            FailureKind.STATE,
            "state store "
                + location.redacted()
                + " is in use: export '"
                + lease.export()
                + "' is being run by "
                + lease.holder()
                + " (its lease expires at "
                + lease.expiresAt()
                + "); nothing was imported",
            "import when no rivet uses the store (`rivet state leases` shows who holds which"
                + " export)");
      }
    }
  }

  private static Map<String, Long> rowCounts(Connection c) throws SQLException {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (DumpTable table : DumpTable.values()) {
      counts.put(
          table.tableName(),
          query(c, "SELECT count(*) FROM " + table.tableName(), rs -> rs.getLong(1)).get(0));
    }
    counts.put(
        StateTables.LEASES,
        query(c, "SELECT count(*) FROM " + StateTables.LEASES, rs -> rs.getLong(1)).get(0));
    return counts;
  }

  private static Map<String, Long> tokens(Connection c) throws SQLException {
    Map<String, Long> tokens = new HashMap<>();
    for (Object[] row :
        query(
            c,
            "SELECT export_name, last_token FROM lease_tokens",
            rs -> new Object[] {rs.getString(1), rs.getLong(2)})) {
      tokens.put((String) row[0], (Long) row[1]);
    }
    return tokens;
  }
}
