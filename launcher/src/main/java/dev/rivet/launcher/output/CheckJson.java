package dev.rivet.launcher.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.KeyType;
import dev.rivet.kernel.plan.PlanNote;
import dev.rivet.kernel.plan.TableRef;
import dev.rivet.pipeline.fidelity.OutputTypes;
import dev.rivet.planner.dialect.Dialect;
import dev.rivet.planner.preflight.ChunkExplain;
import dev.rivet.planner.preflight.Finding;
import dev.rivet.planner.preflight.PreflightReport;
import dev.rivet.planner.preflight.SourceFacts;
import dev.rivet.planner.preflight.TimeLimit;
import dev.rivet.planner.preflight.Verdict;
import dev.rivet.planner.quality.UniqueKeyStatus;
import dev.rivet.planner.sql.ChunkQueries;
import dev.rivet.planner.tuning.ConnectionLimit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code rivet check --output json} document, schema version {@value #SCHEMA_VERSION} as
 * docs/check.md describes it: unknown figures are {@code null}, never {@code -1}.
 */
public final class CheckJson {
  public static final int SCHEMA_VERSION = 1;

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private CheckJson() {}

  public static String render(List<PreflightReport> reports, Verdict verdict, int exitCode) {
    return render(reports, Map.of(), verdict, exitCode);
  }

  /**
   * As {@link #render(List, Verdict, int)}, with {@code unique_keys} for each export that declares
   * unique keys in its quality contract.
   */
  public static String render(
      List<PreflightReport> reports,
      Map<String, List<UniqueKeyStatus>> uniqueKeys,
      Verdict verdict,
      int exitCode) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("command", "check");
    root.put("schema_version", SCHEMA_VERSION);
    ArrayNode exports = root.putArray("exports");
    for (PreflightReport report : reports) {
      ObjectNode node = exports.addObject();
      export(node, report);
      List<UniqueKeyStatus> keys = uniqueKeys.getOrDefault(report.export(), List.of());
      if (!keys.isEmpty()) {
        node.set("unique_keys", UniqueKeyText.json(keys));
      }
    }
    root.put("verdict", verdict.name());
    root.put("exit_code", exitCode);
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain values always serializes", e);
    }
  }

  private static void export(ObjectNode node, PreflightReport report) {
    ExportPlan plan = report.plan();
    node.put("export", report.export());
    node.put("verdict", report.verdict().name());
    node.put("mode", plan.export().mode().wireName());
    node.put("strategy", report.strategy().wireValue());
    node.put("split_key", plan.splitKey() == null ? null : plan.splitKey().describe());
    node.put("chunks", plan.chunks().size());
    node.put("parallelism", plan.parallelism());
    node.put("fetch_size", report.fetchSize());
    node.put("memory_budget_bytes", report.memory().budgetBytes());
    node.put("estimated_rows", known(plan.estimatedRows()));
    node.put("estimated_rows_per_chunk", known(report.estimatedRowsPerChunk()));
    ArrayNode reasons = node.putArray("reasons");
    report.reasons().forEach(reasons::add);
    if (plan.cursor() == null) {
      node.putNull("cursor");
    } else {
      ObjectNode cursor = node.putObject("cursor");
      cursor.put("column", plan.cursor().cursor());
      cursor.put("previous_mark", plan.cursor().previousMark());
      cursor.put("new_mark", plan.cursor().newMark());
    }
    source(node.putObject("source"), report);
    ArrayNode explain = node.putArray("explain");
    Dialect dialect = Dialect.of(plan.source());
    for (ChunkExplain e : report.explains()) {
      ObjectNode entry = explain.addObject();
      entry.put("chunk", e.chunk());
      entry.put("range", e.range());
      entry.put("sql", ChunkQueries.selectSql(dialect, plan, plan.chunks().get(e.chunk())));
      entry.put("top_node", e.topNode());
      entry.put("access", e.access().wireValue());
      entry.put("full_scan", e.fullScan());
      entry.put("index", e.index());
      entry.put("total_cost", e.totalCost());
      entry.put("estimated_rows", known(e.estimatedRows()));
      entry.put("error", e.unavailableReason());
    }
    ArrayNode findings = node.putArray("findings");
    for (Finding f : report.findings()) {
      ObjectNode finding = findings.addObject();
      FindingText text = FindingText.of(f);
      finding.put("code", f.code().wireValue());
      finding.put("severity", f.severity().name());
      finding.put("message", text.message());
      finding.put("fix", text.fix());
      ObjectNode params = finding.putObject("params");
      f.params().forEach((param, value) -> params.set(param.name(), param(value)));
    }
    node.set("columns", TypeReportText.json(OutputTypes.report(plan)));
    ObjectNode recommended = node.putObject("recommended");
    recommended.put("profile", report.recommended().profile().wireValue());
    recommended.put("parallelism", report.recommended().parallelism());
    recommended.put("reason", report.recommended().reason());
  }

  private static void source(ObjectNode node, PreflightReport report) {
    SourceFacts facts = report.source();
    node.put("product", facts.product());
    node.put("version", facts.serverVersion());
    node.put(
        "table",
        report.plan().export().relation() instanceof TableRef table
            ? table.describe().substring("table ".length())
            : null);
    node.put("estimated_rows", known(facts.estimatedRows()));
    node.put("table_bytes", known(facts.tableBytes()));
    node.put("average_row_bytes", known(facts.averageRowBytes()));
    node.put("cache_bytes", known(facts.cacheBytes()));
    node.put("replica", facts.replica());
    node.put("replica_lag_seconds", facts.replicaLagSeconds());
    node.put("read_only", facts.readOnly());
    TimeLimit limit = facts.timeLimit();
    ObjectNode timeout = node.putObject("statement_timeout");
    timeout.put("setting", limit.setting());
    timeout.put("milliseconds", known(limit.millis()));
    timeout.put("applies_to", limit.perFetch() ? "fetch" : "statement");
    ObjectNode connections = node.putObject("connections");
    connections.put("free", facts.connections().tightest().map(ConnectionLimit::free).orElse(null));
    connections.put("unknown_reason", facts.connections().unknownReason());
    ArrayNode limits = connections.putArray("limits");
    for (ConnectionLimit l : facts.connections().limits()) {
      ObjectNode entry = limits.addObject();
      entry.put("name", l.name());
      entry.put("allowed", l.allowed());
      entry.put("open", l.open());
      entry.put("free", l.free());
    }
  }

  /** A finding's parameter as JSON: a plan note as its code and parameters, a key type by name. */
  private static JsonNode param(Object value) {
    if (value instanceof PlanNote note) {
      ObjectNode node = MAPPER.createObjectNode();
      node.put("code", note.code().wireValue());
      ObjectNode params = node.putObject("params");
      new TreeMap<>(note.params()).forEach(params::put);
      return node;
    }
    if (value instanceof KeyType type) {
      return TextNode.valueOf(type.name().toLowerCase(Locale.ROOT));
    }
    return MAPPER.valueToTree(value);
  }

  private static Long known(long value) {
    return value < 0 ? null : value;
  }
}
