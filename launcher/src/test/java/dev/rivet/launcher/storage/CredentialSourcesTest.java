package dev.rivet.launcher.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.launcher.config.GcsSettings;
import dev.rivet.launcher.config.S3Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialSourcesTest {
  @TempDir Path home;

  private static final Map<String, String> AWS_ENV =
      Map.of("AWS_ACCESS_KEY_ID", "AKIAEXAMPLEKEY1234", "AWS_SECRET_ACCESS_KEY", "secret");

  @Test
  void shouldPreferExplicitConfigThenEnvironmentThenProfileThenMetadataForS3() throws Exception {
    S3Settings explicit =
        new S3Settings(null, null, null, "AKIACONFIGKEY9876", "secret", null, null, null);

    assertThat(CredentialSources.s3(explicit, AWS_ENV, home))
        .isEqualTo("config (s3.access_key_id AKIA…9876)");
    assertThat(CredentialSources.s3(S3Settings.DEFAULT, AWS_ENV, home))
        .isEqualTo("environment (AWS_ACCESS_KEY_ID AKIA…1234)")
        .doesNotContain("secret");
    assertThat(CredentialSources.s3(S3Settings.DEFAULT, Map.of(), home))
        .isEqualTo("instance metadata (no other source found)");
    Path credentials = Files.createDirectories(home.resolve(".aws")).resolve("credentials");
    Files.writeString(credentials, "[ops]\n");
    assertThat(CredentialSources.s3(S3Settings.DEFAULT, Map.of("AWS_PROFILE", "ops"), home))
        .isEqualTo("profile 'ops' (" + credentials + ")");
  }

  @Test
  void shouldPreferTheKeyFileThenApplicationDefaultCredentialsForGcs() {
    Path key = home.resolve("key.json");

    assertThat(CredentialSources.gcs(new GcsSettings(null, null, key, false, null), Map.of(), home))
        .isEqualTo("config (gcs.credentials_file " + key + ")");
    assertThat(
            CredentialSources.gcs(
                GcsSettings.DEFAULT, Map.of("GOOGLE_APPLICATION_CREDENTIALS", "/k.json"), home))
        .isEqualTo("environment (GOOGLE_APPLICATION_CREDENTIALS /k.json)");
    assertThat(CredentialSources.gcs(GcsSettings.DEFAULT, Map.of(), home))
        .isEqualTo("metadata server (no other source found)");
  }
}
