package dev.rivet.launcher.config;

import java.nio.file.Path;

/**
 * How Rivet reaches {@code gs://} destinations. Every field may be null (unset): credentials then
 * come from Google's application default credentials ({@code GOOGLE_APPLICATION_CREDENTIALS}, the
 * gcloud user login, then the metadata server).
 *
 * @param project the project billed for requests; null lets the client find it
 * @param endpoint a Cloud Storage JSON API root other than Google's, e.g. an emulator's
 * @param credentialsFile a service-account key file: explicit credentials, first in precedence
 * @param anonymous send requests without credentials (only for an emulator or public buckets)
 * @param uploadChunkBytes bytes per resumable-upload chunk (and per open file in memory)
 */
public record GcsSettings(
    String project,
    String endpoint,
    Path credentialsFile,
    boolean anonymous,
    Integer uploadChunkBytes) {

  public static final GcsSettings DEFAULT = new GcsSettings(null, null, null, false, null);
}
