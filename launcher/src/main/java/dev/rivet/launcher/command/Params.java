package dev.rivet.launcher.command;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The {@code --param NAME=VALUE} options, checked and collected. */
final class Params {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private Params() {}

  /**
   * The parameters by name.
   *
   * @throws RivetException USER_CONFIG for a parameter without {@code =}, with a name that {@code
   *     ${...}} cannot hold, or given twice
   */
  static Map<String, String> parse(List<String> options) {
    Map<String, String> params = new LinkedHashMap<>();
    for (String option : options) {
      int eq = option.indexOf('=');
      if (eq < 0) {
        throw error(
            "--param '" + option + "' has no value",
            "write --param NAME=VALUE (an empty value is --param NAME=)");
      }
      String name = option.substring(0, eq);
      if (!NAME.matcher(name).matches()) {
        throw error(
            "--param name '" + name + "' is not a name ${...} can hold",
            "use letters, digits and _ , not starting with a digit (e.g. --param start_date=...)");
      }
      if (params.put(name, option.substring(eq + 1)) != null) {
        throw error("--param " + name + " is given twice", "pass each parameter once");
      }
    }
    return params;
  }

  private static RivetException error(String message, String hint) {
    return new RivetException(FailureKind.USER_CONFIG, message, hint);
  }
}
