package dev.rivet.launcher.output;

import dev.rivet.launcher.init.ColumnReview;
import dev.rivet.launcher.init.CursorCandidate;
import dev.rivet.launcher.init.Proposals;
import dev.rivet.launcher.init.TableProposal;
import dev.rivet.planner.preflight.Finding;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Writes the commented {@code rivet.yaml} that {@code rivet init} proposes. */
public final class InitYaml {
  private static final Pattern YAML_WORD =
      Pattern.compile("(?i)y|yes|n|no|true|false|on|off|null|~|[-+.0-9].*");

  private InitYaml() {}

  /**
   * The source section and what was asked, as written at the top of the file.
   *
   * @param url the source URL as given (holds no password)
   * @param user the user, or null when the URL names it
   * @param passwordEnv the environment variable holding the password, or null
   * @param scope the schemas and patterns that chose the tables, for the header
   * @param destination {@code defaults.destination}
   * @param format {@code defaults.format}
   * @param date the day it was written, for the header
   */
  public record Header(
      String url,
      String user,
      String passwordEnv,
      String scope,
      String destination,
      String format,
      String date) {}

  /**
   * The file's text.
   *
   * @param verdicts each export's {@code rivet check} verdict by export name, empty before the
   *     check ran
   * @param findings what the check found worth a warning or worse, by export name
   * @param unsafe the exports judged UNSAFE, written commented out
   */
  public static String render(
      Header header,
      List<TableProposal> proposals,
      Map<String, String> verdicts,
      Map<String, List<Finding>> findings,
      Set<String> unsafe) {
    StringBuilder out = new StringBuilder();
    out.append("# Written by `rivet init` on ")
        .append(header.date())
        .append(" from ")
        .append(header.scope())
        .append(".\n")
        .append("# One export per table: each says which mode it proposes and why, the chunk key")
        .append(" and\n# cursor candidates found, and the columns whose types to review.")
        .append(" Check it against the\n# source with `rivet check`, run it with `rivet run`;")
        .append(" docs/configuration.md explains every key.\n\n");
    out.append("source:\n  url: ").append(quoted(header.url())).append('\n');
    if (header.user() != null) {
      out.append("  user: ").append(scalar(header.user())).append('\n');
    }
    if (header.passwordEnv() != null) {
      out.append("  password_env: ")
          .append(header.passwordEnv())
          .append("  # the environment variable holding the password\n");
    }
    out.append("\n# State (runs, chunks, files, marks): .rivet/state.db next to this file.\n\n")
        .append("defaults:\n  destination: ")
        .append(quoted(header.destination()))
        .append('\n')
        .append("  format: ")
        .append(header.format())
        .append('\n');
    out.append("\nexports:\n");
    for (TableProposal p : proposals) {
      out.append('\n');
      export(
          out,
          p,
          verdicts.get(p.exportName()),
          findings.getOrDefault(p.exportName(), List.of()),
          unsafe.contains(p.exportName()));
    }
    return out.toString();
  }

  private static void export(
      StringBuilder out,
      TableProposal p,
      String verdict,
      List<Finding> findings,
      boolean commented) {
    var t = p.table();
    out.append("  # ")
        .append(t.table().schema())
        .append('.')
        .append(t.table().name())
        .append(": ")
        .append(
            t.estimatedRows() < 0
                ? "no row estimate"
                : "about " + Numbers.grouped(t.estimatedRows()) + " rows")
        .append(t.bytes() < 0 ? "" : ", " + Numbers.bytes(t.bytes()) + " on disk")
        .append('\n');
    comment(out, p.why());
    out.append("  # chunk key: ")
        .append(
            p.key()
                .map(k -> Proposals.keyText(k) + " (" + k.source() + ")")
                .orElse("none (" + p.noKey() + ")"))
        .append('\n');
    if (p.cursors().isEmpty()) {
      out.append("  # cursor candidates: none (no date or timestamp column named like")
          .append(" updated_at or created_at)\n");
    } else {
      out.append("  # cursor candidates, best first:\n");
      for (CursorCandidate c : p.cursors()) {
        out.append("  #   ").append(c.describe()).append('\n');
      }
    }
    for (ColumnReview r : p.review()) {
      comment(out, "review " + r.column() + " (" + r.sourceType() + "): " + r.why());
    }
    if (verdict != null) {
      out.append("  # rivet check: ").append(verdict).append('\n');
    }
    for (Finding finding : findings) {
      FindingText text = FindingText.of(finding);
      comment(out, "- " + text.message() + " (fix: " + text.fix() + ")");
    }
    if (commented) {
      out.append("  # Left commented out: fix what rivet check reports, then uncomment.\n");
    }
    String prefix = commented ? "  # " : "  ";
    out.append(prefix).append("- name: ").append(scalar(p.exportName())).append('\n');
    out.append(prefix)
        .append("  table: ")
        .append(t.table().schema())
        .append('.')
        .append(t.table().name())
        .append('\n');
    if (p.cursor().isEmpty()) {
      out.append(prefix).append("  mode: full\n");
      return;
    }
    CursorCandidate c = p.cursor().get();
    out.append(prefix).append("  mode: incremental\n");
    out.append(prefix).append("  cursor:\n");
    out.append(prefix).append("    column: ").append(scalar(c.column())).append('\n');
    out.append(prefix).append("    type: ").append(c.configType()).append('\n');
    if (p.fallback() != null) {
      out.append(prefix)
          .append("    fallback: ")
          .append(scalar(p.fallback()))
          .append("  # read where ")
          .append(c.column())
          .append(" is NULL\n");
    } else if (c.nullable()) {
      out.append(prefix)
          .append("    # ")
          .append(c.column())
          .append(" is nullable: rows where it is NULL are never read; add a fallback column\n");
    }
    out.append(prefix)
        .append("    lookback: ")
        .append(c.configType().equals("date") ? "1 day" : "1h")
        .append('\n');
    out.append(prefix)
        .append("    # lookback reads again rows stamped within it at each run, so a row committed")
        .append(" late\n")
        .append(prefix)
        .append("    # with an older ")
        .append(c.column())
        .append(" is not missed; those rows arrive twice (docs/modes.md)\n");
  }

  private static void comment(StringBuilder out, String text) {
    StringBuilder line = new StringBuilder("  #");
    for (String word : text.split(" ")) {
      if (line.length() + 1 + word.length() > 100 && line.length() > 4) {
        out.append(line).append('\n');
        line = new StringBuilder("  #  ");
      }
      line.append(' ').append(word);
    }
    out.append(line).append('\n');
  }

  /** A plain scalar where YAML reads it back as the same string, else a quoted one. */
  static String scalar(String text) {
    return text.matches("[A-Za-z_][A-Za-z0-9_$.-]*") && !YAML_WORD.matcher(text).matches()
        ? text
        : quoted(text);
  }

  static String quoted(String text) {
    return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
