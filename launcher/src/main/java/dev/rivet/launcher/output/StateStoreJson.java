package dev.rivet.launcher.output;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rivet.launcher.drift.SchemaHistory;
import dev.rivet.state.CursorMark;
import dev.rivet.state.Lease;
import dev.rivet.state.SchemaRecord;
import dev.rivet.state.SchemaUpgrade;
import dev.rivet.state.dump.DumpCounts;
import dev.rivet.state.dump.DumpHeader;
import dev.rivet.state.dump.DumpTable;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The {@code --output json} documents of {@code rivet state cursors}, {@code leases}, {@code
 * schema}, {@code init}, {@code migrate}, {@code export} and {@code import} (docs/json.md), each at
 * schema version {@value #SCHEMA_VERSION}. Stores appear only by their redacted location.
 */
public final class StateStoreJson {
  public static final int SCHEMA_VERSION = 1;

  private StateStoreJson() {}

  public static ObjectNode cursors(List<CursorMark> marks) {
    ObjectNode root = JsonDocument.start("state cursors", SCHEMA_VERSION);
    ArrayNode list = root.putArray("cursors");
    for (CursorMark m : marks) {
      list.addObject()
          .put("export", m.export())
          .put("cursor", m.cursor())
          .put("type", m.type() == null ? null : m.type().name())
          .put("mark", m.mark())
          .put("run_id", m.runId())
          .put("updated_at", JsonDocument.time(m.updatedAt()));
    }
    return root;
  }

  /** {@code state cursors --reset EXPORT}: whether a mark was there to forget. */
  public static ObjectNode cursorReset(String export, boolean forgotten) {
    ObjectNode root = JsonDocument.start("state cursors", SCHEMA_VERSION);
    root.putObject("reset").put("export", export).put("forgotten", forgotten);
    return root;
  }

  public static ObjectNode leases(List<Lease> leases, Instant now) {
    ObjectNode root = JsonDocument.start("state leases", SCHEMA_VERSION);
    ArrayNode list = root.putArray("leases");
    for (Lease lease : leases) {
      list.addObject()
          .put("export", lease.export())
          .put("holder", lease.holder())
          .put("acquired_at", JsonDocument.time(lease.acquiredAt()))
          .put("expires_at", JsonDocument.time(lease.expiresAt()))
          .put("expired", lease.isExpiredAt(now));
    }
    return root;
  }

  public static ObjectNode schemaHistory(String export, List<SchemaHistory.Entry> entries) {
    ObjectNode root = JsonDocument.start("state schema", SCHEMA_VERSION);
    root.put("export", export);
    ArrayNode list = root.putArray("versions");
    for (SchemaHistory.Entry e : entries) {
      SchemaRecord r = e.record();
      ObjectNode version =
          list.addObject()
              .put("version", r.version())
              .put("status", r.status().wireValue())
              .put("in_force", e.inForce())
              .put("run_id", r.runId())
              .put("recorded_at", JsonDocument.time(r.recordedAt()))
              .put("fingerprint", r.fingerprint());
      ArrayNode changes = version.putArray("changes");
      e.changes().forEach(c -> changes.addPOJO(SchemaChangeJson.of(c)));
    }
    return root;
  }

  /** {@code state schema --accept EXPORT}: the version accepted, or null when none was pending. */
  public static ObjectNode schemaAccepted(String export, SchemaRecord accepted) {
    ObjectNode root = JsonDocument.start("state schema", SCHEMA_VERSION);
    root.put("export", export);
    if (accepted == null) {
      root.putNull("accepted");
    } else {
      root.putObject("accepted")
          .put("version", accepted.version())
          .put("fingerprint", accepted.fingerprint());
    }
    return root;
  }

  /** {@code state init} and {@code state migrate}: what was done to bring the store up to date. */
  public static ObjectNode upgrade(String command, String store, SchemaUpgrade upgrade) {
    ObjectNode root = JsonDocument.start(command, SCHEMA_VERSION);
    root.put("store", store);
    root.put("action", upgrade.created() ? "created" : upgrade.migrated() ? "migrated" : "current");
    root.put("from_store_version", upgrade.from());
    root.put("store_version", upgrade.to());
    return root;
  }

  /**
   * {@code state export}.
   *
   * @param file the dump's path, or {@code -} for standard output
   * @param leasesNotExported each lease the dump leaves out, as {@code export -> holder}
   */
  public static ObjectNode exported(
      String store,
      String file,
      String format,
      DumpCounts counts,
      Map<String, String> leasesNotExported) {
    ObjectNode root = JsonDocument.start("state export", SCHEMA_VERSION);
    root.put("store", store);
    root.put("file", file);
    root.put("format", format);
    root.put("dump_schema_version", DumpHeader.SCHEMA_VERSION);
    counts(root, counts);
    ArrayNode leases = root.putArray("leases_not_exported");
    leasesNotExported.forEach(
        (export, holder) -> leases.addObject().put("export", export).put("holder", holder));
    return root;
  }

  /** {@code state import}: what was loaded, and where the dump came from. */
  public static ObjectNode imported(
      String store, String file, DumpHeader header, DumpCounts counts) {
    ObjectNode root = JsonDocument.start("state import", SCHEMA_VERSION);
    root.put("store", store);
    root.put("file", file);
    root.putObject("dump")
        .put("schema_version", header.schemaVersion())
        .put("store_kind", header.storeKind())
        .put("store_version", header.storeSchemaVersion())
        .put("exported_at", JsonDocument.time(header.exportedAt()));
    counts(root, counts);
    return root;
  }

  private static void counts(ObjectNode root, DumpCounts counts) {
    ObjectNode node = root.putObject("counts");
    for (Map.Entry<DumpTable, Long> e : counts.asMap().entrySet()) {
      node.put(e.getKey().tableName(), e.getValue());
    }
  }
}
