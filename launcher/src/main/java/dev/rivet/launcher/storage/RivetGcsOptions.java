package dev.rivet.launcher.storage;

import org.apache.beam.sdk.extensions.gcp.options.GcsOptions;
import org.apache.beam.sdk.options.Description;

/** Beam options for {@code gs://} that Beam has no option for: a key file to authenticate with. */
public interface RivetGcsOptions extends GcsOptions {
  @Description("Service-account key file (JSON) the gs:// file system authenticates with.")
  String getRivetGcsCredentialsFile();

  void setRivetGcsCredentialsFile(String file);
}
