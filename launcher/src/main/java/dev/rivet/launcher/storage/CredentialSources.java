package dev.rivet.launcher.storage;

import dev.rivet.launcher.config.GcsSettings;
import dev.rivet.launcher.config.S3Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Which credentials an object-store destination will use, in the documented order of precedence
 * (docs/destinations.md), without using them: for {@code rivet doctor} and error hints. Names the
 * source and at most an abbreviated key id; never a secret.
 */
public final class CredentialSources {
  private CredentialSources() {}

  /**
   * e.g. {@code config (s3.access_key_id AKIA…WXYZ)}, {@code environment (AWS_ACCESS_KEY_ID
   * AKIA…WXYZ)}, {@code profile 'default' (~/.aws/credentials)} or {@code instance metadata (no
   * other source found)}.
   */
  public static String s3(S3Settings s3, Map<String, String> env, Path home) {
    if (s3.accessKeyId() != null) {
      return "config (s3.access_key_id " + abbreviate(s3.accessKeyId()) + ")";
    }
    if (s3.profile() != null) {
      return "config (s3.profile '" + s3.profile() + "')";
    }
    if (set(env, "AWS_ACCESS_KEY_ID") && set(env, "AWS_SECRET_ACCESS_KEY")) {
      return "environment (AWS_ACCESS_KEY_ID " + abbreviate(env.get("AWS_ACCESS_KEY_ID")) + ")";
    }
    if (set(env, "AWS_WEB_IDENTITY_TOKEN_FILE")) {
      return "web identity token (AWS_WEB_IDENTITY_TOKEN_FILE)";
    }
    String profile = set(env, "AWS_PROFILE") ? env.get("AWS_PROFILE") : "default";
    Path credentials =
        set(env, "AWS_SHARED_CREDENTIALS_FILE")
            ? Path.of(env.get("AWS_SHARED_CREDENTIALS_FILE"))
            : home.resolve(".aws/credentials");
    Path config =
        set(env, "AWS_CONFIG_FILE")
            ? Path.of(env.get("AWS_CONFIG_FILE"))
            : home.resolve(".aws/config");
    if (Files.isRegularFile(credentials) || Files.isRegularFile(config)) {
      return "profile '"
          + profile
          + "' ("
          + (Files.isRegularFile(credentials) ? credentials : config)
          + ")";
    }
    if (set(env, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")
        || set(env, "AWS_CONTAINER_CREDENTIALS_FULL_URI")) {
      return "container credentials (ECS)";
    }
    return "instance metadata (no other source found)";
  }

  /**
   * e.g. {@code config (gcs.credentials_file /etc/key.json)}, {@code environment
   * (GOOGLE_APPLICATION_CREDENTIALS /etc/key.json)}, {@code gcloud login (…)} or {@code metadata
   * server (no other source found)}.
   */
  public static String gcs(GcsSettings gcs, Map<String, String> env, Path home) {
    if (gcs.anonymous()) {
      return "config (gcs.anonymous: no credentials)";
    }
    if (gcs.credentialsFile() != null) {
      return "config (gcs.credentials_file " + gcs.credentialsFile() + ")";
    }
    if (set(env, "GOOGLE_APPLICATION_CREDENTIALS")) {
      return "environment (GOOGLE_APPLICATION_CREDENTIALS "
          + env.get("GOOGLE_APPLICATION_CREDENTIALS")
          + ")";
    }
    Path gcloud =
        set(env, "CLOUDSDK_CONFIG")
            ? Path.of(env.get("CLOUDSDK_CONFIG"), "application_default_credentials.json")
            : home.resolve(".config/gcloud/application_default_credentials.json");
    if (Files.isRegularFile(gcloud)) {
      return "gcloud login (" + gcloud + ")";
    }
    return "metadata server (no other source found)";
  }

  private static boolean set(Map<String, String> env, String name) {
    String value = env.get(name);
    return value != null && !value.isEmpty();
  }

  /** {@code AKIA…WXYZ}: enough to tell keys apart, not to use one. */
  private static String abbreviate(String keyId) {
    return keyId.length() <= 8
        ? keyId.charAt(0) + "…"
        : keyId.substring(0, 4) + "…" + keyId.substring(keyId.length() - 4);
  }
}
