package dev.rivet.launcher.config;

import java.net.URI;

/**
 * How Rivet reaches {@code s3://} destinations: the client's region and endpoint, path-style access
 * for S3-compatible stores, and credentials. Every field may be null (unset): credentials then come
 * from the AWS default chain (environment variables, profile, container or instance metadata), the
 * region from {@code AWS_REGION} or the profile.
 *
 * @param endpoint endpoint override for an S3-compatible store, e.g. {@code http://127.0.0.1:9000}
 * @param pathStyle whether buckets are addressed as {@code endpoint/bucket/key} instead of {@code
 *     bucket.endpoint/key}; null means path style exactly when an endpoint is set
 * @param accessKeyId with {@code secretAccessKey}: explicit credentials, first in precedence
 * @param secretAccessKey read from {@code secret_access_key_env} or {@code secret_access_key_file}
 * @param sessionToken optional, with explicit temporary credentials
 * @param profile a named profile of {@code ~/.aws/credentials} and {@code ~/.aws/config}
 * @param uploadPartBytes bytes per multipart-upload part (and per open file in memory)
 */
public record S3Settings(
    String region,
    URI endpoint,
    Boolean pathStyle,
    String accessKeyId,
    String secretAccessKey,
    String sessionToken,
    String profile,
    Integer uploadPartBytes) {

  public static final S3Settings DEFAULT =
      new S3Settings(null, null, null, null, null, null, null, null);

  /** Whether the client addresses buckets path-style. */
  public boolean usesPathStyle() {
    return pathStyle != null ? pathStyle : endpoint != null;
  }

  /** Never prints the secret or the session token. */
  @Override
  public String toString() {
    return "S3Settings[region="
        + region
        + ", endpoint="
        + endpoint
        + ", pathStyle="
        + usesPathStyle()
        + ", accessKeyId="
        + accessKeyId
        + ", secretAccessKey="
        + (secretAccessKey == null ? null : "***")
        + ", profile="
        + profile
        + "]";
  }
}
