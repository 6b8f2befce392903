package dev.rivet.launcher.config;

import java.util.Objects;

/**
 * The config's {@code s3} and {@code gcs} sections: how every export reaches object-store
 * destinations. One set per config because Beam registers one client set per process.
 */
public record StorageSettings(S3Settings s3, GcsSettings gcs) {
  public static final StorageSettings DEFAULT =
      new StorageSettings(S3Settings.DEFAULT, GcsSettings.DEFAULT);

  public StorageSettings {
    Objects.requireNonNull(s3, "s3");
    Objects.requireNonNull(gcs, "gcs");
  }
}
