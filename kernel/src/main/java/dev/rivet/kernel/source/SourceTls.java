package dev.rivet.kernel.source;

import java.io.Serializable;
import java.util.Objects;

/**
 * The {@code source.tls} section as written: the mode and the files it names, with the same meaning
 * on every database family (each dialect maps it to its driver's settings). Holds file paths only,
 * never key material, so it is safe to serialize into a plan or show in a message.
 *
 * @param mode null when {@code source.tls.mode} is not written: the URL's parameters, or the
 *     driver's default, decide
 * @param caFile a PEM file of the CAs that may sign the server's certificate, or null for the Java
 *     trust store
 * @param clientCertFile a PEM client certificate (chain), or null
 * @param clientKeyFile the client certificate's PKCS-8 private key (PEM or DER), or null
 * @param declaredIn the config file the section was read from, for messages; may be empty
 */
public record SourceTls(
    TlsMode mode, String caFile, String clientCertFile, String clientKeyFile, String declaredIn)
    implements Serializable {
  /** No {@code source.tls} section. */
  public static final SourceTls NONE = new SourceTls(null, null, null, null, "");

  public SourceTls {
    declaredIn = declaredIn == null ? "" : declaredIn;
    if ((clientCertFile == null) != (clientKeyFile == null)) {
      throw new IllegalArgumentException(
          "a client certificate needs both client_cert_file and client_key_file");
    }
  }

  /** No {@code source.tls} section in {@code file}, which messages then name. */
  public static SourceTls absentFrom(String file) {
    return new SourceTls(null, null, null, null, file);
  }

  /** Whether {@code source.tls.mode} is written. */
  public boolean configured() {
    return mode != null;
  }

  /** Whether a client certificate is configured. */
  public boolean hasClientCertificate() {
    return clientCertFile != null;
  }

  /** Equal settings are equal wherever they were written: {@link #declaredIn} is for messages. */
  @Override
  public boolean equals(Object o) {
    return o instanceof SourceTls t
        && mode == t.mode
        && Objects.equals(caFile, t.caFile)
        && Objects.equals(clientCertFile, t.clientCertFile)
        && Objects.equals(clientKeyFile, t.clientKeyFile);
  }

  @Override
  public int hashCode() {
    return Objects.hash(mode, caFile, clientCertFile, clientKeyFile);
  }
}
