package dev.rivet.launcher.config;

/**
 * Reads a decimal number such as {@code 2.0} or {@code 0.25}; the range is the kernel record's to
 * check, so that it is defined once.
 */
final class DecimalText {
  private static final String DECIMAL = "[+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)";

  private DecimalText() {}

  /**
   * @param example a valid value to suggest, e.g. {@code 2.0}
   */
  static double parse(ConfigNode node, String example) {
    String text = node.text();
    if (!text.strip().matches(DECIMAL)) {
      throw node.error(
          "'" + text + "' is not a decimal number",
          "write a plain number such as " + example + " (a dot before the decimals, no unit)");
    }
    return Double.parseDouble(text.strip());
  }
}
