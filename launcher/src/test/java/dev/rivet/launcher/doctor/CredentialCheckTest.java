package dev.rivet.launcher.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.launcher.config.ConfigLoader;
import dev.rivet.launcher.config.RivetConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Doctor names the credential source of each object store in use, never the secret. */
class CredentialCheckTest {
  @TempDir Path dir;

  private RivetConfig config(String destination, String extra) throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("rivet.yaml"),
            "source:\n  url: postgresql://app@db/shop\n"
                + extra
                + "exports:\n  - name: e\n    table: orders\n    destination: "
                + destination
                + "\n");
    return ConfigLoader.load(file, Map.of("S3_SECRET", "never-printed"));
  }

  @Test
  void shouldNameTheEnvironmentKeyOfAnS3DestinationWithoutItsSecret() throws Exception {
    Map<String, String> env =
        Map.of("AWS_ACCESS_KEY_ID", "AKIAEXAMPLEKEY12345", "AWS_SECRET_ACCESS_KEY", "s3cr3t");

    CheckResult check =
        CredentialCheck.run(config("s3://bucket/prefix", ""), env).stream()
            .filter(c -> c.name().equals(CredentialCheck.S3))
            .findFirst()
            .orElseThrow();

    assertThat(check.status()).isEqualTo(CheckStatus.PASS);
    assertThat(check.detail())
        .startsWith("environment (AWS_ACCESS_KEY_ID AKIA")
        .doesNotContain("s3cr3t");
  }

  @Test
  void shouldPreferExplicitConfigOverTheEnvironment() throws Exception {
    RivetConfig config =
        config(
            "s3://bucket/prefix",
            "s3:\n  access_key_id: AKIACONFIGKEY9876\n  secret_access_key_env: S3_SECRET\n");

    CheckResult check =
        CredentialCheck.run(
                config, Map.of("AWS_ACCESS_KEY_ID", "AKIAENV", "AWS_SECRET_ACCESS_KEY", "x"))
            .get(0);

    assertThat(check.detail())
        .startsWith("config (s3.access_key_id AKIA")
        .doesNotContain("never-printed");
  }

  @Test
  void shouldNameNoCredentialsForLocalDestinations() throws Exception {
    assertThat(CredentialCheck.run(config("./out", ""), Map.of())).isEmpty();
  }

  @Test
  void shouldNameTheGcsCredentialSource() throws Exception {
    CheckResult check =
        CredentialCheck.run(
                config("gs://bucket/prefix", ""),
                Map.of("GOOGLE_APPLICATION_CREDENTIALS", "/etc/key.json"))
            .get(0);

    assertThat(check.name()).isEqualTo(CredentialCheck.GCS);
    assertThat(check.detail()).contains("GOOGLE_APPLICATION_CREDENTIALS").contains("/etc/key.json");
  }
}
