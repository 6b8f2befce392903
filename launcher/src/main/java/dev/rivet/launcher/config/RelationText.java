package dev.rivet.launcher.config;

import dev.rivet.kernel.plan.QueryText;
import dev.rivet.kernel.plan.Relation;
import dev.rivet.kernel.plan.TableRef;
import java.util.regex.Pattern;

/** Tells a table name from a query in an export's {@code from:} value. */
final class RelationText {
  private static final Pattern QUERY_START =
      Pattern.compile("(?is)\\s*\\(?\\s*(select|with|values|table)\\b.*");
  private static final Pattern TABLE_NAME =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*)?");

  private RelationText() {}

  static boolean looksLikeQuery(String text) {
    return QUERY_START.matcher(text).matches() && !TABLE_NAME.matcher(text.strip()).matches();
  }

  /**
   * A table for {@code name} or {@code schema.name}, a query for text starting with SELECT, WITH,
   * VALUES or TABLE; anything else is ambiguous and an error.
   */
  static Relation detect(ConfigNode node) {
    String text = node.text().strip();
    if (TABLE_NAME.matcher(text).matches()) {
      return TableRef.parse(text);
    }
    if (looksLikeQuery(text)) {
      return new QueryText(text);
    }
    throw node.error(
        "cannot tell whether this is a table or a query (a table is name or schema.name; a query"
            + " starts with SELECT or WITH)",
        "write it under table: or query: to say which");
  }
}
