package dev.rivet.launcher.config;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The password values a JDBC URL carries as parameters ({@code password=}, {@code sslpassword=}).
 */
final class UrlPasswords {
  private static final Pattern PARAMETER =
      Pattern.compile("(?i)[?&;][a-z0-9_.-]*password[a-z0-9_.-]*=([^&;]*)");

  private UrlPasswords() {}

  /** Each value as written and, when it differs, percent-decoded. */
  static List<String> in(String url) {
    List<String> values = new ArrayList<>();
    Matcher m = PARAMETER.matcher(url);
    while (m.find()) {
      String value = m.group(1);
      values.add(value);
      try {
        String decoded = URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
        if (!decoded.equals(value)) {
          values.add(decoded);
        }
      } catch (IllegalArgumentException malformed) {
        // Kept as written.
      }
    }
    return values;
  }
}
