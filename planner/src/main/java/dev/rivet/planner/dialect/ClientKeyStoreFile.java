package dev.rivet.planner.dialect;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A PKCS-12 key store holding the client certificate and key of {@code source.tls}, written for one
 * connection attempt; its password is random and never shown.
 */
public record ClientKeyStoreFile(Path path, String password) {
  public ClientKeyStoreFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(password, "password");
  }

  @Override
  public String toString() {
    return "ClientKeyStoreFile[" + path + "]";
  }
}
