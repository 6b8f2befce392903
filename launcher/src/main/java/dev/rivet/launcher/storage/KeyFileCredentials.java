package dev.rivet.launcher.storage;

import com.google.auth.Credentials;
import com.google.auth.oauth2.GoogleCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.extensions.gcp.auth.CredentialFactory;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Credentials for {@code gs://} from the service-account key file the config names ({@code
 * gcs.credentials_file}), ahead of application default credentials. Beam builds it by name from the
 * pipeline options on every worker.
 */
public final class KeyFileCredentials implements CredentialFactory {
  private final Path file;
  private final List<String> scopes;

  private KeyFileCredentials(Path file, List<String> scopes) {
    this.file = file;
    this.scopes = scopes;
  }

  public static KeyFileCredentials fromOptions(PipelineOptions options) {
    RivetGcsOptions gcs = options.as(RivetGcsOptions.class);
    return new KeyFileCredentials(
        Path.of(gcs.getRivetGcsCredentialsFile()), List.copyOf(gcs.getGcpOauthScopes()));
  }

  @Override
  public Credentials getCredential() throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return GoogleCredentials.fromStream(in).createScoped(scopes);
    }
  }
}
