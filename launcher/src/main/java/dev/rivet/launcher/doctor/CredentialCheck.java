package dev.rivet.launcher.doctor;

import dev.rivet.kernel.destination.Destination;
import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.launcher.config.RivetConfig;
import dev.rivet.launcher.storage.CredentialSources;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which credentials an object-store destination would use, by the documented precedence (config,
 * environment, profile or application default, instance metadata); never the secret itself. Whether
 * they are accepted is the destination check's job.
 */
final class CredentialCheck {
  static final String S3 = "credentials s3";
  static final String GCS = "credentials gcs";

  private CredentialCheck() {}

  /** One PASS line per object store the exports write to; none for local-only configs. */
  static List<CheckResult> run(RivetConfig config, Map<String, String> env) {
    Path home = Path.of(System.getProperty("user.home"));
    List<CheckResult> checks = new ArrayList<>();
    if (writesTo(config, Destination.S3.class)) {
      checks.add(CheckResult.pass(S3, CredentialSources.s3(config.storage().s3(), env, home)));
    }
    if (writesTo(config, Destination.Gcs.class)) {
      checks.add(CheckResult.pass(GCS, CredentialSources.gcs(config.storage().gcs(), env, home)));
    }
    return checks;
  }

  private static boolean writesTo(RivetConfig config, Class<? extends Destination> kind) {
    return config.exports().stream().map(ExportSpec::destination).anyMatch(kind::isInstance);
  }
}
