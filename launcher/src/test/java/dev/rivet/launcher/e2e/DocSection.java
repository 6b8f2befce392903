package dev.rivet.launcher.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One section of a Markdown file under docs/, found by its heading or by following a link to it, so
 * that tests can check the docs name what the code prints.
 *
 * @param file the file's name under docs/, e.g. {@code json.md}
 * @param heading the section's heading line
 * @param text the section from its heading up to the next heading of the same or a higher level
 */
record DocSection(String file, String heading, String text) {
  private static final Path DOCS = Path.of("..", "docs");
  private static final Pattern LINK = Pattern.compile("\\]\\(([a-z_.-]*)#([a-z0-9_-]+)\\)");

  /** The {@code ###} section of {@code file} whose heading names {@code `name`} in backticks. */
  static DocSection named(String file, String name) {
    List<String> lines = lines(file);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.startsWith("### ") && line.contains("`" + name + "`")) {
        return at(file, lines, i);
      }
    }
    throw new AssertionError("docs/" + file + " has no ### section naming `" + name + "`");
  }

  /**
   * The section the first link in this section starting with {@code target} (a file such as {@code
   * check.md}, or {@code #anchor} in this file) points to, its anchor resolved as GitHub does.
   */
  DocSection linked(String target) {
    Matcher link = LINK.matcher(text);
    while (link.find()) {
      if ((link.group(1) + "#" + link.group(2)).startsWith(target)) {
        String linkedFile = link.group(1).isEmpty() ? file : link.group(1);
        List<String> lines = lines(linkedFile);
        for (int i = 0; i < lines.size(); i++) {
          if (lines.get(i).startsWith("#") && anchor(lines.get(i)).equals(link.group(2))) {
            return at(linkedFile, lines, i);
          }
        }
        throw new AssertionError(
            "docs/"
                + file
                + " links to "
                + link.group()
                + ", a heading docs/"
                + linkedFile
                + " does not have");
      }
    }
    throw new AssertionError(
        "docs/" + file + ", section " + heading + ", has no link to " + target + "#...");
  }

  /** The table row of this section whose first cell names {@code `key`}. */
  String row(String key) {
    return text.lines()
        .filter(l -> l.startsWith("|") && l.split("\\|")[1].contains("`" + key + "`"))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    "docs/" + file + ", section " + heading + ", has no row for `" + key + "`"));
  }

  /**
   * Asserts that each field is named in {@code text} in backticks, alone or as the end of a path
   * such as {@code `runs[].field`} or {@code `error.field`}, an array also as {@code `field[]`}.
   */
  static void assertNamed(String where, String text, String... fields) {
    for (String field : fields) {
      assertThat(text)
          .as(where + " names `" + field + "`")
          .containsPattern("`([A-Za-z_]+(\\[\\])?\\.)*" + Pattern.quote(field) + "(\\[\\])?`");
    }
  }

  /** Asserts that each field is named in this section (see {@link #assertNamed}). */
  void assertNames(String... fields) {
    assertNamed("docs/" + file + ", section " + heading + ",", text, fields);
  }

  private static DocSection at(String file, List<String> lines, int start) {
    int level = level(lines.get(start));
    StringBuilder text = new StringBuilder();
    for (int i = start; i < lines.size(); i++) {
      String line = lines.get(i);
      if (i > start && line.startsWith("#") && level(line) <= level) {
        break;
      }
      text.append(line).append('\n');
    }
    return new DocSection(file, lines.get(start), text.toString());
  }

  private static int level(String heading) {
    int level = 0;
    while (level < heading.length() && heading.charAt(level) == '#') {
      level++;
    }
    return level;
  }

  /** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
  private static String anchor(String heading) {
    return heading
        .substring(level(heading))
        .strip()
        .toLowerCase(Locale.ROOT)
        .replaceAll("[^a-z0-9 _-]", "")
        .replace(' ', '-');
  }

  private static List<String> lines(String file) {
    try {
      return Files.readAllLines(DOCS.resolve(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
