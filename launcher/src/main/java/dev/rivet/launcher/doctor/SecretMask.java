package dev.rivet.launcher.doctor;

/**
 * Masks the source password and any credentials embedded in URLs, so driver messages can be shown
 * as they are.
 */
final class SecretMask {
  private static final String MASK = "***";

  private final String password;

  SecretMask(String password) {
    this.password = password == null || password.isEmpty() ? null : password;
  }

  String apply(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String masked = password == null ? text : text.replace(password, MASK);
    return masked
        .replaceAll("(?i)(password=)[^&;\\s]*", "$1" + MASK)
        .replaceAll("(://[^/@:?\\s]*):[^@/\\s]*@", "$1:" + MASK + "@");
  }
}
