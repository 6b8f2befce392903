package dev.rivet.launcher.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rivet.kernel.failure.RivetException;

/**
 * A failed command's JSON form under {@code --output json}: {@code {"command", "schema_version",
 * "error": {"kind", "exit_code", "message", "hint", "export", "run"}}} (docs/json.md).
 */
public final class ErrorJson {
  public static final int SCHEMA_VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  private ErrorJson() {}

  /**
   * @param command the command as typed, e.g. {@code run} or {@code state runs}
   * @param export the export the command was about, or null
   * @param run the run the command was about ({@code --run} or {@code --plan}), or null
   */
  public static String render(String command, RivetException failure, String export, String run) {
    ObjectNode root = JSON.createObjectNode();
    root.put("command", command);
    root.put("schema_version", SCHEMA_VERSION);
    root.set("error", error(failure, export).put("run", run));
    return root.toString();
  }

  /** The {@code error} object alone, also used for each failed export of a run. */
  public static ObjectNode error(RivetException failure, String export) {
    ObjectNode error = JSON.createObjectNode();
    error.put("kind", failure.kind().name().toLowerCase(java.util.Locale.ROOT));
    error.put("exit_code", failure.kind().exitCode());
    error.put("message", failure.getMessage());
    error.put("hint", failure.hint());
    error.put("export", export);
    error.putNull("run");
    return error;
  }
}
