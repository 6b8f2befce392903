package dev.rivet.kernel.destination;

import java.io.Serializable;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A destination with placeholders: {@code {export}}, {@code {run_id}}, {@code {date}} (the plan's
 * UTC date, {@code 2026-11-24}) and {@code {chunk}} (the chunk index, {@code 00007}). Rendering is
 * deterministic: the same plan and chunk always give the same path, so a resumed run writes where
 * the interrupted one did.
 *
 * <p>The run's folder (which holds {@code manifest.json} and {@code _SUCCESS}) is the destination
 * up to the first path segment with {@code {chunk}}; every segment from there on is a per-chunk
 * folder inside it and may hold only {@code {chunk}} and literal text. Every run needs a folder of
 * its own: a destination without placeholders means {@code <destination>/<export>/<run_id>} (as it
 * always did), and a run folder without {@code {run_id}} gets {@code /<run_id>} appended.
 *
 * @param text the destination as configured, e.g. {@code s3://bucket/extracts/{export}/{date}}
 */
public record PathTemplate(String text) implements Serializable {
  public static final List<String> PLACEHOLDERS = List.of("export", "run_id", "date", "chunk");

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}/]*)}");
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

  /**
   * @throws IllegalArgumentException naming the bad placeholder and the valid ones, or the rule a
   *     {@code {chunk}} folder breaks
   */
  public PathTemplate {
    Objects.requireNonNull(text, "text");
    String rest = PLACEHOLDER.matcher(text).replaceAll("");
    if (rest.contains("{") || rest.contains("}")) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' has an unbalanced '{' or '}' (placeholders are "
              + describePlaceholders()
              + ", each within one path segment)");
    }
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      if (!PLACEHOLDERS.contains(m.group(1))) {
        throw new IllegalArgumentException(
            "'"
                + text
                + "' has an unknown placeholder {"
                + m.group(1)
                + "} (valid: "
                + describePlaceholders()
                + ")");
      }
    }
    List<String> segments = List.of(text.split("/", -1));
    int firstChunk = firstChunkSegment(segments);
    for (int i = firstChunk; i < segments.size(); i++) {
      Matcher other = PLACEHOLDER.matcher(segments.get(i));
      while (other.find()) {
        if (!other.group(1).equals("chunk")) {
          throw new IllegalArgumentException(
              "'"
                  + text
                  + "' has {"
                  + other.group(1)
                  + "} in or after the first folder with {chunk}; the run's folder is the part"
                  + " before {chunk}, so {export}, {run_id} and {date} must come before it");
        }
      }
    }
  }

  public static String describePlaceholders() {
    return String.join(", ", PLACEHOLDERS.stream().map(p -> "{" + p + "}").toList());
  }

  public boolean hasPlaceholders() {
    return PLACEHOLDER.matcher(text).find();
  }

  /**
   * The part of the destination that exists before any run: every segment before the first one with
   * a placeholder. A destination without placeholders is its own root.
   */
  public String root() {
    List<String> segments = List.of(text.split("/", -1));
    List<String> fixed = new ArrayList<>();
    for (String segment : segments) {
      if (PLACEHOLDER.matcher(segment).find()) {
        break;
      }
      fixed.add(segment);
    }
    return String.join("/", fixed);
  }

  /**
   * The run's folder, rendered: the destination up to its first {@code {chunk}} segment, followed
   * by {@code /<export>/<run_id>} (no placeholders) or {@code /<run_id>} (placeholders without
   * {@code {run_id}}). No trailing slash.
   */
  public String runFolder(String export, String runId, Instant planCreatedAt) {
    List<String> segments = List.of(text.split("/", -1));
    String head = String.join("/", segments.subList(0, firstChunkSegment(segments)));
    String rendered = render(head, export, runId, planCreatedAt);
    rendered = stripTrailingSlashes(rendered);
    if (!hasPlaceholders()) {
      return child(child(rendered, export), runId);
    }
    return head.contains("{run_id}") ? rendered : child(rendered, runId);
  }

  /** {@code name} inside {@code folder}; the root folder {@code /} already ends with a slash. */
  private static String child(String folder, String name) {
    return folder.endsWith("/") ? folder + name : folder + "/" + name;
  }

  /**
   * The per-chunk folder inside the run folder with {@code {chunk}} still in it, e.g. {@code
   * chunk={chunk}}; empty when the destination has no {@code {chunk}}.
   */
  public String chunkFolder() {
    List<String> segments = List.of(text.split("/", -1));
    int first = firstChunkSegment(segments);
    List<String> tail = new ArrayList<>();
    for (String segment : segments.subList(first, segments.size())) {
      if (!segment.isEmpty()) {
        tail.add(segment);
      }
    }
    return String.join("/", tail);
  }

  /** {@code folder} with each {@code {chunk}} replaced by the chunk's five-digit index. */
  public static String renderChunk(String folder, int chunkIndex) {
    return folder.replace("{chunk}", String.format("%05d", chunkIndex));
  }

  private static String render(String part, String export, String runId, Instant createdAt) {
    return part.replace("{export}", export)
        .replace("{run_id}", runId)
        .replace("{date}", DATE.format(createdAt));
  }

  private static int firstChunkSegment(List<String> segments) {
    for (int i = 0; i < segments.size(); i++) {
      if (segments.get(i).contains("{chunk}")) {
        return i;
      }
    }
    return segments.size();
  }

  private static String stripTrailingSlashes(String path) {
    String result = path;
    while (result.endsWith("/") && !result.endsWith("://") && result.length() > 1) {
      result = result.substring(0, result.length() - 1);
    }
    return result;
  }
}
