package dev.rivet.launcher.output;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rivet.launcher.init.TableProposal;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code rivet init --output json} (docs/json.md): the file written and, per proposed export, its
 * table, mode, preflight verdict and whether it was written commented out as UNSAFE.
 */
public final class InitJson {
  public static final int SCHEMA_VERSION = 1;

  private InitJson() {}

  public static ObjectNode of(
      String file,
      List<TableProposal> proposals,
      Map<String, String> verdicts,
      Set<String> unsafe) {
    ObjectNode root = JsonDocument.start("init", SCHEMA_VERSION);
    root.put("file", file);
    ArrayNode exports = root.putArray("exports");
    for (TableProposal p : proposals) {
      exports
          .addObject()
          .put("name", p.exportName())
          .put("table", p.table().table().schema() + "." + p.table().table().name())
          .put("mode", p.incremental() ? "incremental" : "full")
          .put("verdict", verdicts.get(p.exportName()))
          .put("commented_out", unsafe.contains(p.exportName()))
          .put("columns_to_review", p.review().size());
    }
    return root;
  }
}
