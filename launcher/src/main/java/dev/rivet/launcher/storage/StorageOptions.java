package dev.rivet.launcher.storage;

import dev.rivet.kernel.destination.Destination;
import dev.rivet.launcher.config.GcsSettings;
import dev.rivet.launcher.config.RivetConfig;
import dev.rivet.launcher.config.S3Settings;
import dev.rivet.launcher.config.StorageSettings;
import org.apache.beam.sdk.extensions.gcp.auth.NoopCredentialFactory;
import org.apache.beam.sdk.extensions.gcp.options.GcsOptions;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * Turns the config's {@code s3} and {@code gcs} sections into the Beam options of the {@code s3://}
 * and {@code gs://} file systems. Unset settings keep Beam's defaults, which follow each cloud's
 * default credential chain.
 */
public final class StorageOptions {
  /**
   * The region an endpoint override gets when none is configured; S3-compatible stores ignore it.
   */
  static final Region ENDPOINT_DEFAULT_REGION = Region.US_EAST_1;

  private StorageOptions() {}

  /**
   * Registers the file systems with the config's {@code s3}/{@code gcs} settings, for commands that
   * read, list or probe files outside a run (validate, orphans, doctor).
   */
  public static void register(RivetConfig config) {
    register(
        config.storage(),
        config.exports().stream().anyMatch(e -> e.destination() instanceof Destination.S3));
  }

  /**
   * Registers the file systems with {@code settings} for this process (commands outside a run).
   *
   * @param usesS3 whether anything may go to {@code s3://}; see {@link #apply}
   */
  public static void register(StorageSettings settings, boolean usesS3) {
    FileSystems.setDefaultPipelineOptions(apply(settings, PipelineOptionsFactory.create(), usesS3));
  }

  /**
   * Sets {@code settings} on {@code options} and returns them.
   *
   * @param usesS3 whether anything may go to {@code s3://}: Beam resolves the S3 region when it
   *     registers its file systems, through the AWS chain that ends at the EC2 instance metadata
   *     service, a network call (and seconds of timeouts off EC2) that a run without S3 must not
   *     make
   */
  public static PipelineOptions apply(
      StorageSettings settings, PipelineOptions options, boolean usesS3) {
    applyS3(settings.s3(), options.as(S3Options.class), usesS3);
    applyGcs(settings.gcs(), options.as(RivetGcsOptions.class));
    return options;
  }

  private static void applyS3(S3Settings s3, S3Options options, boolean usesS3) {
    if (s3.region() != null) {
      options.setAwsRegion(Region.of(s3.region()));
    } else if (!usesS3 || (s3.endpoint() != null && System.getenv("AWS_REGION") == null)) {
      // Beam's default looks the region up in the profile and the instance metadata first.
      options.setAwsRegion(ENDPOINT_DEFAULT_REGION);
    }
    if (s3.endpoint() != null) {
      options.setEndpoint(s3.endpoint());
    }
    if (s3.accessKeyId() != null) {
      options.setAwsCredentialsProvider(
          StaticCredentialsProvider.create(
              s3.sessionToken() == null
                  ? AwsBasicCredentials.create(s3.accessKeyId(), s3.secretAccessKey())
                  : AwsSessionCredentials.create(
                      s3.accessKeyId(), s3.secretAccessKey(), s3.sessionToken())));
    } else if (s3.profile() != null) {
      options.setAwsCredentialsProvider(ProfileCredentialsProvider.create(s3.profile()));
    }
    if (s3.usesPathStyle()) {
      options.setS3ClientFactoryClass(PathStyleS3Clients.class);
    }
    if (s3.uploadPartBytes() != null) {
      options.setS3UploadBufferSizeBytes(s3.uploadPartBytes());
    }
  }

  private static void applyGcs(GcsSettings gcs, RivetGcsOptions options) {
    if (gcs.project() != null) {
      options.setProject(gcs.project());
    }
    if (gcs.endpoint() != null) {
      options.setGcsEndpoint(gcs.endpoint());
    }
    if (gcs.anonymous()) {
      options.setCredentialFactoryClass(NoopCredentialFactory.class);
    } else if (gcs.credentialsFile() != null) {
      options.setRivetGcsCredentialsFile(gcs.credentialsFile().toString());
      options.setCredentialFactoryClass(KeyFileCredentials.class);
    }
    if (gcs.uploadChunkBytes() != null) {
      ((GcsOptions) options).setGcsUploadBufferSizeBytes(gcs.uploadChunkBytes());
    }
  }
}
