package dev.rivet.launcher.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Reads the optional top-level {@code s3} and {@code gcs} sections into {@link StorageSettings}.
 */
final class StorageReader {
  static final List<String> S3_KEYS = ConfigKeys.S3.names();
  static final List<String> GCS_KEYS = ConfigKeys.GCS.names();

  /** S3's minimum part size, except for the last part. */
  private static final long MIN_S3_PART_BYTES = 5L * 1024 * 1024;

  private static final long MIN_GCS_CHUNK_BYTES = 1024L * 1024;
  private static final long GCS_CHUNK_MULTIPLE = 256L * 1024;
  private static final long MAX_BUFFER_BYTES = 1024L * 1024 * 1024;

  private StorageReader() {}

  static StorageSettings read(ConfigNode s3, ConfigNode gcs) {
    return new StorageSettings(
        s3.isSet() ? s3(s3.mapping(S3_KEYS)) : S3Settings.DEFAULT,
        gcs.isSet() ? gcs(gcs.mapping(GCS_KEYS)) : GcsSettings.DEFAULT);
  }

  private static S3Settings s3(ConfigMapping m) {
    String region = null;
    if (m.has("region")) {
      region = m.get("region").text().toLowerCase(Locale.ROOT);
      if (!region.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
        throw m.get("region")
            .error(
                "'" + region + "' is not a region name",
                "write the region's code, e.g. region: eu-west-1");
      }
    }
    m.oneOf(false, "secret_access_key_env", "secret_access_key_file");
    boolean secretSet = m.has("secret_access_key_env") || m.has("secret_access_key_file");
    if (m.has("access_key_id") && !secretSet) {
      throw m.get("access_key_id")
          .error(
              "needs its secret (secret_access_key_env or secret_access_key_file)",
              "add secret_access_key_env: NAME_OF_THE_VARIABLE_HOLDING_THE_SECRET");
    }
    if (secretSet && !m.has("access_key_id")) {
      throw m.get("access_key_id")
          .error(
              "required key is missing (a secret access key needs its access key id)",
              "add access_key_id: AKIA... (or ${AWS_ACCESS_KEY_ID})");
    }
    if (m.has("session_token_env") && !m.has("access_key_id")) {
      throw m.get("session_token_env")
          .error(
              "a session token needs access_key_id and its secret",
              "add access_key_id and secret_access_key_env, or remove session_token_env");
    }
    m.oneOf(false, "access_key_id", "profile");
    return new S3Settings(
        region,
        m.has("endpoint") ? endpoint(m.get("endpoint")) : null,
        m.has("path_style") ? bool(m.get("path_style")) : null,
        m.has("access_key_id") ? m.get("access_key_id").text() : null,
        secretSet ? secret(m, "secret_access_key_env", "secret_access_key_file") : null,
        m.has("session_token_env") ? secret(m, "session_token_env", null) : null,
        m.has("profile") ? m.get("profile").text() : null,
        m.has("upload_part_size")
            ? (int) atMost(m.get("upload_part_size"), MIN_S3_PART_BYTES)
            : null);
  }

  private static GcsSettings gcs(ConfigMapping m) {
    m.oneOf(false, "credentials_file", "anonymous");
    Path credentials = null;
    if (m.has("credentials_file")) {
      ConfigNode node = m.get("credentials_file");
      credentials = node.filePath();
      if (!Files.isReadable(credentials)) {
        throw node.error(
            "file " + credentials + " does not exist or is not readable",
            "point credentials_file at a service-account key (JSON) this user can read");
      }
    }
    Integer chunk = null;
    if (m.has("upload_chunk_size")) {
      long bytes = atMost(m.get("upload_chunk_size"), MIN_GCS_CHUNK_BYTES);
      if (bytes % GCS_CHUNK_MULTIPLE != 0) {
        throw m.get("upload_chunk_size")
            .error(
                bytes + " bytes is not a multiple of 256 KiB (Cloud Storage's upload unit)",
                "use e.g. 8MiB or 16MiB");
      }
      chunk = (int) bytes;
    }
    return new GcsSettings(
        m.has("project") ? m.get("project").text() : null,
        m.has("endpoint") ? endpoint(m.get("endpoint")).toString() : null,
        credentials,
        m.has("anonymous") && bool(m.get("anonymous")),
        chunk);
  }

  private static long atMost(ConfigNode node, long min) {
    return node.byteSize(min, MAX_BUFFER_BYTES, "each open file holds one in memory");
  }

  private static URI endpoint(ConfigNode node) {
    String text = node.text();
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw node.error(
        "'" + text + "' is not an http(s) URL with a host",
        "write e.g. endpoint: http://127.0.0.1:9000");
  }

  private static boolean bool(ConfigNode node) {
    switch (node.text().toLowerCase(Locale.ROOT)) {
      case "true":
      case "yes":
        return true;
      case "false":
      case "no":
        return false;
      default:
        throw node.error("'" + node.text() + "' is not true or false", "write true or false");
    }
  }

  /**
   * The secret from the environment variable named under {@code envKey}, or the file under {@code
   * fileKey}.
   */
  static String secret(ConfigMapping m, String envKey, String fileKey) {
    if (m.has(envKey)) {
      ConfigNode node = m.get(envKey);
      String name = node.text();
      String value = node.file().env().get(name);
      if (value == null || value.isEmpty()) {
        throw node.error(
            "environment variable '" + name + "' is " + (value == null ? "not set" : "empty"),
            "export " + name + "=<secret> before running rivet, or fix the variable name");
      }
      return value;
    }
    ConfigNode node = m.get(fileKey);
    Path path = node.filePath();
    String content = node.fileContent();
    String value = content.strip();
    if (value.isEmpty()) {
      throw node.error("file " + path + " is empty", "write the secret into it");
    }
    return value;
  }
}
