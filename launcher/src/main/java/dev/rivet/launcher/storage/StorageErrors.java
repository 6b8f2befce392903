package dev.rivet.launcher.storage;

import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Turns what an S3 or GCS client throws into a DESTINATION failure a user can act on: a missing
 * bucket, rejected credentials, no credentials at all, an unreachable endpoint, a missing region.
 * Anything else keeps the client's own message.
 */
public final class StorageErrors {
  private StorageErrors() {}

  /**
   * @param what what was being done, e.g. {@code export 'orders': destination s3://b/x}
   * @param bucket the destination's bucket
   */
  public static RivetException explain(String what, String bucket, Throwable failure) {
    Optional<RivetException> known = classify(what, bucket, failure);
    return known.orElseGet(
        () ->
            new RivetException(
                FailureKind.DESTINATION,
                what + " is not writable (" + rootMessage(failure) + ")",
                "check the bucket, the credentials and the endpoint in the config's s3/gcs"
                    + " section (docs/destinations.md)",
                failure));
  }

  private static Optional<RivetException> classify(String what, String bucket, Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof AwsServiceException aws) {
        String code =
            aws.awsErrorDetails() == null || aws.awsErrorDetails().errorCode() == null
                ? ""
                : aws.awsErrorDetails().errorCode();
        return Optional.of(service(what, bucket, aws.statusCode(), code, failure));
      }
      if (t instanceof GoogleJsonResponseException gcs) {
        String reason =
            gcs.getDetails() == null || gcs.getDetails().getMessage() == null
                ? ""
                : gcs.getDetails().getMessage();
        return Optional.of(service(what, bucket, gcs.getStatusCode(), reason, failure));
      }
      String message = String.valueOf(t.getMessage());
      if (t instanceof SdkClientException && message.contains("Unable to load credentials")) {
        return Optional.of(
            new RivetException(
                FailureKind.DESTINATION,
                what + ": no AWS credentials found (config, environment, profile, instance)",
                "set s3.access_key_id with s3.secret_access_key_env in the config, or"
                    + " AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or an AWS profile",
                failure));
      }
      if (t instanceof SdkClientException && message.contains("Unable to execute HTTP request")) {
        return Optional.of(
            new RivetException(
                FailureKind.DESTINATION,
                what + ": cannot reach the S3 endpoint (" + rootMessage(t) + ")",
                "check s3.endpoint and the network; an S3-compatible store needs s3.endpoint",
                failure));
      }
      if (message.contains("No AWS region available")
          || message.contains("Unable to load region")) {
        return Optional.of(
            new RivetException(
                FailureKind.DESTINATION,
                what + ": no AWS region is configured",
                "set s3.region in the config (e.g. eu-west-1) or AWS_REGION",
                failure));
      }
    }
    return Optional.empty();
  }

  private static RivetException service(
      String what, String bucket, int status, String code, Throwable failure) {
    String lower = code.toLowerCase(Locale.ROOT);
    if (lower.contains("nosuchbucket") || (status == 404 && !lower.contains("nosuchkey"))) {
      return new RivetException(
          FailureKind.DESTINATION,
          what + ": bucket '" + bucket + "' does not exist",
          "create the bucket, or fix the bucket name in the destination",
          failure);
    }
    if (status == 401
        || lower.contains("invalidaccesskeyid")
        || lower.contains("signaturedoesnotmatch")
        || lower.contains("expiredtoken")
        || lower.contains("invalidtoken")) {
      return new RivetException(
          FailureKind.DESTINATION,
          what + ": the credentials were rejected (" + status + " " + code + ")",
          "check the access key and its secret (s3.access_key_id / s3.secret_access_key_env, or"
              + " the environment or profile in use; 'rivet doctor' shows which)",
          failure);
    }
    if (status == 403) {
      return new RivetException(
          FailureKind.DESTINATION,
          what + ": access to bucket '" + bucket + "' is denied (" + status + " " + code + ")",
          "grant these credentials write, read, list and delete on the bucket and prefix",
          failure);
    }
    return new RivetException(
        FailureKind.DESTINATION,
        what + ": the store answered " + status + " " + code,
        "check the bucket, the credentials and the endpoint (docs/destinations.md)",
        failure);
  }

  private static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }
}
