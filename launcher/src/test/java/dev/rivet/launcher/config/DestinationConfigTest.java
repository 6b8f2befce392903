package dev.rivet.launcher.config;

import static dev.rivet.launcher.config.ConfigFiles.loadError;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Object-store and standard-output destinations, path templates, and the s3/gcs sections. */
class DestinationConfigTest {
  @TempDir Path dir;

  private static final String SOURCE = "source:\n  url: postgresql://app@db/shop\n";

  private RivetConfig load(String yaml, Map<String, String> env) {
    return ConfigLoader.load(ConfigFiles.write(dir, "rivet.yaml", yaml), env);
  }

  private String destination(String value) {
    return load(
            SOURCE + "exports:\n  - {name: a, table: a, destination: '" + value + "'}\n", Map.of())
        .exports()
        .get(0)
        .destination()
        .text();
  }

  @Test
  void shouldKeepBucketDestinationsWithTemplatesWithoutTheTrailingSlash() {
    assertThat(destination("s3://my-bucket/extracts/{export}/{date}/"))
        .isEqualTo("s3://my-bucket/extracts/{export}/{date}");
    assertThat(destination("S3://my-bucket")).isEqualTo("s3://my-bucket");
    assertThat(destination("gs://my.bucket/x/{run_id}/chunk={chunk}"))
        .isEqualTo("gs://my.bucket/x/{run_id}/chunk={chunk}");
  }

  @Test
  void shouldReadDashAndStdoutAsStandardOutput() {
    assertThat(destination("-")).isEqualTo("-");
    assertThat(destination("stdout")).isEqualTo("-");
    assertThat(destination("./stdout")).isEqualTo(dir.resolve("stdout").toString());
  }

  @Test
  void shouldResolveLocalTemplatesAgainstTheConfigDirectory() {
    assertThat(destination("out/{export}/{date}"))
        .isEqualTo(dir.resolve("out/{export}/{date}").toString());
    assertThat(destination("file:///data/{export}")).isEqualTo("/data/{export}");
  }

  @Test
  void shouldRejectAnUnknownPlaceholderListingTheValidOnes() {
    ConfigException e =
        loadError(
            dir, SOURCE + "exports:\n  - {name: a, table: a, destination: 's3://bk1/x/{tabel}'}\n");

    assertThat(e.getMessage())
        .contains(
            "exports[0].destination: 's3://bk1/x/{tabel}' has an unknown placeholder {tabel}"
                + " (valid: {export}, {run_id}, {date}, {chunk})");
  }

  @Test
  void shouldRejectRunPlaceholdersAfterTheChunkFolder() {
    ConfigException e =
        loadError(
            dir,
            SOURCE
                + "exports:\n  - {name: a, table: a, destination: 's3://bk1/{chunk}/{run_id}'}\n");

    assertThat(e.getMessage()).contains("has {run_id} in or after the first folder with {chunk}");
  }

  @Test
  void shouldRejectABadBucketNameAndPlaceholdersInTheBucket() {
    assertThat(
            loadError(
                    dir,
                    SOURCE + "exports:\n  - {name: a, table: a, destination: 's3://My_Bucket/x'}\n")
                .getMessage())
        .contains("'My_Bucket' is not a valid bucket name");
    assertThat(
            loadError(
                    dir,
                    SOURCE + "exports:\n  - {name: a, table: a, destination: 'gs://{export}/x'}\n")
                .getMessage())
        .contains("placeholders go in the prefix, not in the bucket name '{export}'");
  }

  @Test
  void shouldReadTheS3SectionWithTheSecretFromTheEnvironment() {
    RivetConfig config =
        load(
            SOURCE
                + "s3:\n  region: EU-West-1\n  endpoint: http://127.0.0.1:9000\n"
                + "  access_key_id: rivet\n  secret_access_key_env: MY_SECRET\n"
                + "  upload_part_size: 8MiB\n"
                + "exports:\n  - {name: a, table: a, destination: 's3://bk1/x'}\n",
            Map.of("MY_SECRET", "s3cr3t"));

    S3Settings s3 = config.storage().s3();
    assertThat(s3.region()).isEqualTo("eu-west-1");
    assertThat(s3.endpoint()).isEqualTo(URI.create("http://127.0.0.1:9000"));
    assertThat(s3.usesPathStyle()).isTrue();
    assertThat(s3.secretAccessKey()).isEqualTo("s3cr3t");
    assertThat(s3.uploadPartBytes()).isEqualTo(8 * 1024 * 1024);
    assertThat(s3.toString()).doesNotContain("s3cr3t");
    assertThat(config.storage().gcs()).isEqualTo(GcsSettings.DEFAULT);
  }

  @Test
  void shouldRejectAnAccessKeyWithoutItsSecret() {
    ConfigException e =
        loadError(
            dir,
            SOURCE
                + "s3:\n  access_key_id: rivet\n"
                + "exports:\n  - {name: a, table: a, destination: 's3://bk1/x'}\n");

    assertThat(e.getMessage())
        .contains(
            "s3.access_key_id: needs its secret (secret_access_key_env or"
                + " secret_access_key_file)");
  }

  @Test
  void shouldRejectAnUnsetSecretVariableAndAPartBelowTheS3Minimum() {
    assertThat(
            loadError(
                    dir,
                    SOURCE
                        + "s3:\n  access_key_id: rivet\n  secret_access_key_env: NOPE\n"
                        + "exports:\n  - {name: a, table: a, destination: 's3://bk1/x'}\n")
                .getMessage())
        .contains("s3.secret_access_key_env: environment variable 'NOPE' is not set");
    assertThat(
            loadError(
                    dir,
                    SOURCE
                        + "s3:\n  upload_part_size: 1MiB\n"
                        + "exports:\n  - {name: a, table: a, destination: 's3://bk1/x'}\n")
                .getMessage())
        .contains(
            "s3.upload_part_size: '1MiB' is 1048576 bytes, out of range (expected 5MiB to 1GiB;"
                + " each open file holds one in memory)");
  }

  @Test
  void shouldReadTheGcsSectionAndRejectAKeyFileThatIsNotThere() {
    RivetConfig config =
        load(
            SOURCE
                + "gcs:\n  project: p1\n  endpoint: http://127.0.0.1:4443/storage/v1/\n"
                + "  anonymous: true\n"
                + "exports:\n  - {name: a, table: a, destination: 'gs://bk1/x'}\n",
            Map.of());
    assertThat(config.storage().gcs())
        .isEqualTo(new GcsSettings("p1", "http://127.0.0.1:4443/storage/v1/", null, true, null));

    assertThat(
            loadError(
                    dir,
                    SOURCE
                        + "gcs:\n  credentials_file: key.json\n"
                        + "exports:\n  - {name: a, table: a, destination: 'gs://bk1/x'}\n")
                .getMessage())
        .contains("gcs.credentials_file: file " + dir.resolve("key.json") + " does not exist");
  }
}
