package dev.rivet.kernel.plan;

import java.util.regex.Pattern;

/**
 * The rule for export names, which become folder names: ASCII letters, digits, {@code _}, {@code -}
 * and {@code .}, not starting with {@code -} or {@code .}, at most {@link #MAX_LENGTH} characters.
 * A rejected name comes with a suggestion that passes the same rule.
 */
public final class ExportName {
  /**
   * File systems allow 255 bytes per folder name; 200 (one byte per character: the names are ASCII)
   * leaves room for what a destination template writes beside {@code {export}} in the same folder
   * name, e.g. {@code {export}-{date}}.
   */
  public static final int MAX_LENGTH = 200;

  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");
  private static final String RULE =
      "letters, digits, '_', '-' and '.'; not starting with '-' or '.'; at most "
          + MAX_LENGTH
          + " characters";
  private static final int SHOWN = 40;

  private ExportName() {}

  /** {@code name}, or an {@link InvalidSettingException} for key {@code name}. */
  public static String check(String name) {
    if (!VALID.matcher(name).matches()) {
      throw new InvalidSettingException(
          "name",
          "'" + shown(name) + "' is not a valid export name (" + RULE + ")",
          "export names become folder names; use e.g. " + suggest(name));
    }
    if (name.length() > MAX_LENGTH) {
      throw new InvalidSettingException(
          "name",
          "'"
              + shown(name)
              + "' is "
              + name.length()
              + " characters long, above the maximum of "
              + MAX_LENGTH
              + " (export names become folder names, which file systems limit to 255 bytes)",
          "shorten the name to at most " + MAX_LENGTH + " characters");
    }
    return name;
  }

  /**
   * A valid name close to {@code name}: other characters become {@code _}, leading {@code .},
   * {@code -} and {@code _} that the rule or the replacement left are dropped (so {@code
   * ../../escape} becomes {@code escape}), and the result is cut to {@link #MAX_LENGTH}.
   */
  static String suggest(String name) {
    String s = name.replaceAll("[^A-Za-z0-9_.-]+", "_").replaceFirst("^[._-]+", "");
    if (s.length() > MAX_LENGTH) {
      s = s.substring(0, MAX_LENGTH);
    }
    return s.isEmpty() ? "export" : s;
  }

  /** A long name is shown by its start, not in full. */
  private static String shown(String name) {
    return name.length() <= SHOWN + 20 ? name : name.substring(0, SHOWN) + "...";
  }
}
