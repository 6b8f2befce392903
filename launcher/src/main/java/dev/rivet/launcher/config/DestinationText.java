package dev.rivet.launcher.config;

import dev.rivet.kernel.destination.Destination;
import dev.rivet.kernel.destination.PathTemplate;
import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the {@code destination} key into a {@link Destination}, or an error pointing at it. */
final class DestinationText {
  private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*)://.*");

  private DestinationText() {}

  /**
   * The destination as export specs store it: a local directory as an absolute path (relative paths
   * start at the config file's directory), {@code s3://bucket/prefix}, {@code gs://bucket/prefix},
   * or {@code -} for standard output; paths may hold {@link PathTemplate} placeholders, checked
   * here.
   */
  static Destination parse(ConfigNode node) {
    String text = node.text();
    if (text.equals(Destination.STDOUT) || text.equalsIgnoreCase("stdout")) {
      return new Destination.Stdout();
    }
    Matcher scheme = SCHEME.matcher(text);
    String destination;
    if (!scheme.matches()) {
      destination = node.filePath().toString();
    } else {
      String name = scheme.group(1).toLowerCase(Locale.ROOT);
      if (name.equals("s3") || name.equals("gs")) {
        destination = (name + text.substring(name.length())).replaceAll("/+$", "");
      } else if (name.equals("file")) {
        destination = fileUrl(node, text);
      } else {
        throw node.error(
            "'"
                + text
                + "' has an unsupported scheme '"
                + name
                + "' (valid: a local directory, file:///absolute/path, s3://bucket/prefix,"
                + " gs://bucket/prefix, or - for standard output)",
            "use e.g. destination: ./out or destination: s3://my-bucket/extracts");
      }
    }
    try {
      return Destination.parse(destination);
    } catch (IllegalArgumentException e) {
      throw node.error(
          e.getMessage(),
          "placeholders are "
              + PathTemplate.describePlaceholders()
              + ", e.g. s3://my-bucket/extracts/{export}/{date}");
    }
  }

  private static String fileUrl(ConfigNode node, String text) {
    try {
      // Braces are not valid in a URI; placeholders survive as their percent-encoding.
      String encoded = text.replace("{", "%7B").replace("}", "%7D");
      return Path.of(URI.create(encoded)).normalize().toString();
    } catch (IllegalArgumentException e) {
      throw node.error(
          "'" + text + "' is not a valid file URL (expected file:///absolute/path)",
          "write file:/// followed by an absolute path, or a plain directory path");
    }
  }
}
