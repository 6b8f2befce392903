package dev.rivet.state.jdbc;

import dev.rivet.state.dump.DumpTable;
import java.util.ArrayList;
import java.util.List;

/** The tables of the state schema at this build's version: the dumped ones, and the leases. */
final class StateTables {
  static final String LEASES = "leases";

  /** Every table, in an order in which deleting their rows breaks no reference. */
  static final List<String> ALL = deletionOrder();

  private StateTables() {}

  private static List<String> deletionOrder() {
    List<String> tables = new ArrayList<>();
    tables.add(LEASES);
    DumpTable[] dumped = DumpTable.values();
    for (int i = dumped.length - 1; i >= 0; i--) {
      tables.add(dumped[i].tableName());
    }
    return List.copyOf(tables);
  }
}
